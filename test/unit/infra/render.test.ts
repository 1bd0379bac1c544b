import fc from 'fast-check';
import YAML from 'yaml';
import { SCRAPE_JOBS } from '../../../alerts/jobs';
import { platformConfig } from '../../../infra/config';
import {
  kubernetesPgbouncerEndpoints,
  renderPatroniConfig,
  renderPgbouncerIni,
  renderPoolerCallbackScript,
  renderPostBootstrapScript,
  renderPrometheusConfig,
  renderRedisConf,
  toYaml,
} from '../../../infra/render';
import { validPlatformConfig } from '../../fixtures/infra/arbitrary-config';
import { RETRY_AFTER_MS } from '../../../app/src/db/database';

const dev = platformConfig('dev');
const prod = platformConfig('prod');
const ini = (c = dev) => renderPgbouncerIni(c, kubernetesPgbouncerEndpoints(c));
const patroni = (c = dev) => YAML.parse(renderPatroniConfig(c, { dcs: 'kubernetes' }));

describe('renderers', () => {
  it('when any config is rendered twice, then every file is byte-identical', () => {
    fc.assert(
      fc.property(validPlatformConfig, (c) => {
        const all = () => [
          renderPatroniConfig(c, { dcs: 'kubernetes' }),
          ini(c),
          renderRedisConf(c),
          renderPrometheusConfig(c),
        ];
        expect(all()).toEqual(all());
      }),
      { numRuns: 50 },
    );
  });

  it('when objects are serialized, then keys are sorted at every level and on/off stay strings', () => {
    expect(toYaml({ b: { d: 1, c: 'off' }, a: 'on' })).toBe("a: 'on'\nb:\n  c: 'off'\n  d: 1\n");
  });

  it('when prod is rendered, then Patroni runs in synchronous mode with the config timings', () => {
    const dcs = patroni(prod).bootstrap.dcs;
    expect(dcs).toMatchObject({ synchronous_mode: true, ttl: 20, loop_wait: 2, retry_timeout: 6 });
    expect(dcs.postgresql.parameters).toMatchObject({ max_connections: 300, shared_buffers: '1GB' });
  });

  it('when rendered, then promotions run the pooler callback: pre_promote pauses, on_role_change resumes', () => {
    const doc = patroni(prod);
    expect(doc.postgresql.pre_promote).toBe('/etc/patroni/pooler-callback.sh pause');
    expect(doc.postgresql.callbacks).toEqual({ on_role_change: '/etc/patroni/pooler-callback.sh' });
    const script = renderPoolerCallbackScript(prod);
    expect(script).toContain(`PAUSE ${prod.postgres.database}'`);
    expect(script).toContain(`RESUME ${prod.postgres.database}'`);
    expect(script.trimEnd().endsWith('exit 0')).toBe(true);
  });

  it('when rendered for Kubernetes, then members are found by labels and addresses come from the pod', () => {
    const doc = patroni();
    expect(doc.kubernetes).toMatchObject({ namespace: dev.namespace, use_endpoints: true });
    expect(doc.name).toBeUndefined();
    expect(doc.postgresql.connect_address).toBeUndefined();
  });

  it('when rendered for etcd, then the same cluster settings carry the member written in', () => {
    const member = { name: 'm1', host: '127.0.0.2', postgresPort: 5433, restApiPort: 8009, dataDir: '/d' };
    const doc = YAML.parse(renderPatroniConfig(dev, { dcs: 'etcd', etcdHosts: ['127.0.0.1:2379'], member }));
    expect(doc.etcd3.hosts).toEqual(['127.0.0.1:2379']);
    expect(doc.postgresql.connect_address).toBe('127.0.0.2:5433');
    expect(doc.bootstrap).toEqual(patroni().bootstrap);
  });

  it('when TLS is on, then clients must use hostssl and the server loads the mounted certificate', () => {
    const doc = patroni(platformConfig('dev', { tls: { enabled: true, postgresSecretName: 'pg-tls' } }));
    expect(doc.postgresql.pg_hba).toContain('hostssl all all all scram-sha-256');
    expect(doc.bootstrap.dcs.postgresql.parameters.ssl).toBe('on');
  });

  it('when no parameter removed from PostgreSQL is rendered, then the server can start', () => {
    const parameters = Object.keys(patroni(prod).bootstrap.dcs.postgresql.parameters);
    expect(parameters).not.toEqual(expect.arrayContaining(['wal_keep_segments']));
    expect(
      parameters.filter((p) => ['checkpoint_segments', 'wal_keep_segments', 'vacuum_defer_cleanup_age'].includes(p)),
    ).toEqual([]);
  });

  it('when a server login fails (around a promotion), then PgBouncer refuses clients for less than the API waits to retry', () => {
    const seconds = Number(/^server_login_retry = (\S+)$/m.exec(ini(prod))?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds * 1000).toBeLessThan(RETRY_AFTER_MS);
  });

  it('when PgBouncer is 1.21 or newer, then prepared statements are supported; older, the key is left out', () => {
    expect(ini()).toContain('max_prepared_statements = 100');
    expect(ini(platformConfig('dev', { pgbouncer: { version: '1.18.0' } }))).not.toContain('max_prepared_statements');
  });

  it('when PgBouncer is 1.20 or newer, then statement_timeout is carried to the server instead of dropped', () => {
    expect(ini()).toContain('track_extra_parameters = IntervalStyle,statement_timeout');
    expect(ini(platformConfig('dev', { pgbouncer: { version: '1.19.1' } }))).toContain(
      'ignore_startup_parameters = extra_float_digits,statement_timeout',
    );
  });

  it('when pgbouncer.ini is rendered, then it pools primary and replicas via auth_query and lists no password', () => {
    const text = ini(prod);
    expect(text).toContain('brownie = host=brownie-postgres.brownie.svc port=5432 dbname=brownie');
    expect(text).toContain('brownie_replica = host=brownie-postgres-repl.brownie.svc port=5432 dbname=brownie');
    expect(text).toContain('auth_query = SELECT usename, passwd FROM pgbouncer_auth.get_auth($1)');
    expect(text).toContain('max_db_connections = 70');
    expect(text).not.toMatch(/password/i);
  });

  it('when the post-bootstrap script is rendered, then passwords come from the environment only', () => {
    const script = renderPostBootstrapScript(prod);
    expect(script).toContain(`PASSWORD :'app_password'`);
    expect(script).toContain('-v app_password="$BROWNIE_APP_PASSWORD"');
    expect(script).toContain('GRANT brownie_app TO brownie_api');
  });

  it.each([
    ['none', ['save ""', 'appendonly no']],
    ['rdb', ['save 900 1 300 10 60 10000', 'appendonly no']],
    ['aof', ['save ""', 'appendonly yes']],
  ] as const)('when Redis persistence is %s, then redis.conf says so', (persistence, lines) => {
    const conf = renderRedisConf(platformConfig('dev', { redis: { persistence, storage: { size: '1Gi' } } }));
    for (const line of lines) expect(conf.split('\n')).toContain(line);
    expect(conf).not.toContain('requirepass');
  });

  it('when prometheus.yml is rendered, then every unit is scraped and alerts go to the bundled Alertmanager', () => {
    const doc = YAML.parse(renderPrometheusConfig(dev));
    expect(doc.scrape_configs.map((s: { job_name: string }) => s.job_name)).toEqual([
      SCRAPE_JOBS.prometheus,
      SCRAPE_JOBS.api,
      SCRAPE_JOBS.patroni,
      SCRAPE_JOBS.postgresExporter,
      SCRAPE_JOBS.pgbouncerExporter,
      SCRAPE_JOBS.redisExporter,
      SCRAPE_JOBS.alertmanager,
    ]);
    expect(doc.alerting.alertmanagers[0].static_configs[0].targets).toEqual([
      'brownie-alertmanager.brownie-dev.svc:9093',
    ]);
  });
});
