// Every metric our alert rules and dashboard panels query must really be exported by the job they select: the API's
// registry, and the exporters the platform deploys, scraped live from Debian's packages (recorded fixtures where the
// machine cannot produce the series: see test/fixtures/monitoring/README.md).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { allRules } from '../../../alerts';
import { POSTGRES_EXPORTER_QUERIES_FILE } from '../../../alerts/exporters';
import { SCRAPE_JOBS, type ScrapeJob } from '../../../alerts/jobs';
import { bareMetricNames, selectedMetrics } from '../../../alerts/queried-metrics';
import { renderRuleFiles } from '../../../alerts/render';
import { createMetrics } from '../../../app/src/metrics';
import { buildDashboards } from '../../../dashboards';
import { freePort, startRedis, stopProcess, waitFor } from '../helpers/processes';
import { SERVER_URL } from '../helpers/postgres';
import {
  exposedNames,
  scrapeNames,
  startAlertmanager,
  startPgbouncer,
  startPostgresExporter,
  startPrometheus,
  startRedisExporter,
  type Pgbouncer,
} from './engines';

const run = promisify(execFile);
const FIXTURES = join(__dirname, '../../fixtures/monitoring');
const fixture = (name: string) => exposedNames(readFileSync(join(FIXTURES, name), 'utf8'));
/** `metric <- SHOW COMMAND.column` lines of the pgbouncer_exporter mapping. */
const pgbouncerMapping = readFileSync(join(FIXTURES, 'pgbouncer-exporter-names.txt'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => /^(\w+) <- (SHOW \w+)\.(\w+)$/.exec(l)!)
  .map(([, metric, command, column]) => ({ metric: metric!, command: command!, column: column! }));

const queries = [
  ...allRules().map((r) => ({ where: `rule ${r.alert}/${r.severity}`, expr: r.expr })),
  ...buildDashboards().flatMap((d) =>
    (d.panels ?? []).flatMap((p) =>
      'targets' in p
        ? (p.targets ?? []).map((t) => ({
            where: `${d.uid}: ${p.title}`,
            expr: (t as unknown as { expr: string }).expr,
          }))
        : [],
    ),
  ),
];

/** The API registry's names, as its /metrics would show them once every instrument has been used. */
async function apiNames(): Promise<Set<string>> {
  const { registry } = createMetrics({ version: 'test', revision: 'test' });
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) {
    const type = String(m.type);
    const suffixes =
      type === 'histogram' ? ['_bucket', '_sum', '_count'] : type === 'summary' ? ['', '_sum', '_count'] : [''];
    for (const s of suffixes) names.add(`${m.name}${s}`);
  }
  return names;
}

describe('every queried metric exists', () => {
  const exported = new Map<ScrapeJob, Set<string>>();
  const cleanups: (() => Promise<unknown>)[] = [];
  let pgbouncer: Pgbouncer;

  beforeAll(async () => {
    // A temporary replication slot, held by this session, so postgres_exporter reports pg_replication_slots_*.
    const session = new Client({ connectionString: `${SERVER_URL}/postgres` });
    await session.connect();
    cleanups.push(() => session.end());
    await session.query(`SELECT pg_create_physical_replication_slot('brownie_metrics_${process.pid}', false, true)`);

    const redisPort = await freePort();
    const redis = await startRedis(redisPort);
    cleanups.push(() => stopProcess(redis));
    const am = await startAlertmanager('route: { receiver: none }\nreceivers: [{ name: none }]\n');
    cleanups.push(am.stop);

    const [postgresExporter, redisExporter, prometheus, bouncer] = await Promise.all([
      startPostgresExporter(`${SERVER_URL}/postgres?sslmode=disable`, POSTGRES_EXPORTER_QUERIES_FILE),
      startRedisExporter(redisPort),
      // Our own rule files loaded, and the Alertmanager connected, so the per-group and per-Alertmanager series exist.
      startPrometheus(
        (dir) =>
          `rule_files: ['${dir}/*.rules.yaml']\nalerting: { alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:${am.port}'] }] }] }\n`,
        renderRuleFiles(),
      ),
      startPgbouncer(),
    ]);
    pgbouncer = bouncer;
    cleanups.push(postgresExporter.stop, redisExporter.stop, prometheus.stop, bouncer.stop);

    const union = (...sets: Set<string>[]) => new Set(sets.flatMap((s) => [...s]));
    exported.set(SCRAPE_JOBS.api, await apiNames());
    exported.set(
      SCRAPE_JOBS.postgresExporter,
      union(await scrapeNames(postgresExporter), fixture('postgres-exporter-0.11.1-primary-with-replica.prom')),
    );
    exported.set(SCRAPE_JOBS.redisExporter, await scrapeNames(redisExporter));
    // The notifier publishes its per-Alertmanager series once discovery has run (about 5 s after start).
    await waitFor(
      async () => (await scrapeNames(prometheus)).has('prometheus_notifications_errors_total'),
      20_000,
      'Prometheus to discover the Alertmanager',
    );
    exported.set(SCRAPE_JOBS.prometheus, await scrapeNames(prometheus));
    exported.set(SCRAPE_JOBS.alertmanager, await scrapeNames(am));
    exported.set(
      SCRAPE_JOBS.patroni,
      union(fixture('patroni-3.0.2-primary.prom'), fixture('patroni-3.0.2-replica.prom')),
    );
    exported.set(SCRAPE_JOBS.pgbouncerExporter, new Set(pgbouncerMapping.map((m) => m.metric)));
  }, 60_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('when a rule or panel selects a metric, then the job it selects exports that metric', () => {
    expect(queries.length).toBeGreaterThan(100);
    const missing = queries.flatMap(({ where, expr }) =>
      selectedMetrics(expr)
        .filter((s) => s.metric !== 'up' && !exported.get(s.job as ScrapeJob)?.has(s.metric))
        .map((s) => `${where}: ${s.metric} (job ${s.job})`),
    );
    expect(missing).toEqual([]);
  });

  it('when a rule or panel names a metric, then it is through a selector that names a known job', () => {
    const jobs = new Set<string>(Object.values(SCRAPE_JOBS));
    const unchecked = queries.flatMap(({ where, expr }) => [
      ...bareMetricNames(expr).map((n) => `${where}: ${n} has no selector`),
      ...selectedMetrics(expr)
        .filter((s) => !jobs.has(s.job ?? ''))
        .map((s) => `${where}: ${s.metric} selects no known job`),
    ]);
    expect(unchecked).toEqual([]);
  });

  it.each([
    ['patroni', ['--version'], '3.0.2'],
    ['prometheus-postgres-exporter', ['--version'], '0.11.1'],
    ['prometheus-redis-exporter', ['--version'], '1.45.0'],
    ['pgbouncer', ['--version'], '1.18.0'],
  ])(
    'when %s is installed, then it is the version the fixtures and docs name (%s → %s)',
    async (command, args, version) => {
      // Some print the version on stderr; a different version means re-capturing the fixtures and re-reading the names.
      const { stdout, stderr } = await run(command, ['--version']);
      expect(`${stdout}${stderr}`).toMatch(new RegExp(`\\b${version.replace(/\./g, '\\.')}\\b`));
    },
  );

  it('when a metric is not exported, then the check reports it (the check can fail)', () => {
    expect(exported.get(SCRAPE_JOBS.redisExporter)?.has('redis_up')).toBe(true);
    expect(exported.get(SCRAPE_JOBS.redisExporter)?.has('brownie_redis_hit_rate')).toBe(false);
    expect(exported.get(SCRAPE_JOBS.api)?.has('brownie_db_connections_total')).toBe(false);
    expect(exported.get(SCRAPE_JOBS.api)?.has('brownie_process_cpu_seconds_total')).toBe(true);
  });

  it('when PgBouncer 1.18 is asked, then it has every column the pgbouncer_exporter mapping reads', async () => {
    const admin = new Client({ host: '127.0.0.1', port: pgbouncer.port, user: 'postgres', database: 'pgbouncer' });
    await admin.connect();
    try {
      const missing: string[] = [];
      for (const command of [...new Set(pgbouncerMapping.map((m) => m.command))]) {
        const result = await admin.query(command);
        // SHOW LISTS and SHOW CONFIG are key/value rows; the others are one column per value.
        const keys = /LISTS|CONFIG/.test(command)
          ? new Set(result.rows.map((r: Record<string, string>) => Object.values(r)[0]!))
          : new Set(result.fields.map((f) => f.name));
        for (const m of pgbouncerMapping.filter((x) => x.command === command)) {
          if (!keys.has(m.column)) missing.push(`${command}.${m.column}`);
        }
      }
      expect(missing).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it("when Debian's Python pgbouncer exporter 1.7 meets PgBouncer 1.18, then it crashes (why the platform deploys the prometheus-community one)", async () => {
    const port = await freePort();
    const child: ChildProcess = spawn(
      'prometheus-pgbouncer-exporter',
      [
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--pgbouncer-host',
        '127.0.0.1',
        '--pgbouncer-port',
        String(pgbouncer.port),
        '--pgbouncer-user',
        'postgres',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(-1), 15_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    await stopProcess(child);
    expect(code).not.toBe(0);
    expect(stderr).toContain("KeyError: 'total_requests'");
  }, 20_000);
});
