// A Patroni member started on the rendered etcd-DCS patroni.yml (the machine's PostgreSQL 15 binaries, as the
// postgres user): it initializes, becomes leader, runs the rendered post-bootstrap script, and the service role can
// log in with its password. The local HA issue builds its three-member cluster on this same file.
import type { ChildProcess } from 'node:child_process';
import { chownSync } from 'node:fs';
import { Client } from 'pg';
import { platformConfig } from '../../../infra/config';
import { BOOTSTRAP_PASSWORD_ENV, renderPatroniConfig, renderPostBootstrapScript } from '../../../infra/render';
import { freePort, stopProcess, waitFor } from '../helpers/processes';
import { postgresUser, startEngine, startEtcd, tempDir } from './engines';

const HOST = '127.0.0.2';
const c = platformConfig('dev');
const files = tempDir('patroni-member');
const as = postgresUser();
const passwords = { superuser: 'super-secret', app: 'app-secret' };
let etcd: ChildProcess | undefined;
let patroni: ChildProcess | undefined;
let postgresPort: number;
let restApiPort: number;

beforeAll(async () => {
  if (as) chownSync(files.dir, as.uid, as.gid);
  ({ etcd } = await startEtcd(`${files.dir}/etcd`));
  const etcdHost = (etcd.spawnargs.find((a) => a.startsWith('--listen-client-urls=')) ?? '').split('//')[1]!;
  [postgresPort, restApiPort] = [await freePort(), await freePort()];
  const config = files.write(
    'patroni.yml',
    renderPatroniConfig(c, {
      dcs: 'etcd',
      etcdHosts: [etcdHost],
      member: {
        name: 'member-1',
        host: HOST,
        postgresPort,
        restApiPort,
        dataDir: `${files.dir}/data`,
        binDir: '/usr/lib/postgresql/15/bin',
      },
    }).replace('/etc/patroni/post-bootstrap.sh', `${files.dir}/post-bootstrap.sh`),
  );
  // Patroni executes the script itself: it must be executable (the chart's ConfigMap volume uses mode 0555).
  files.write('post-bootstrap.sh', renderPostBootstrapScript(c), 0o755);
  // Only what Patroni needs: a PG* variable here would override its password file (local HA notes, pitfall 2).
  const env = {
    PATH: process.env.PATH,
    HOME: files.dir,
    PATRONI_SUPERUSER_PASSWORD: passwords.superuser,
    PATRONI_REPLICATION_PASSWORD: 'replication-secret',
    PATRONI_REWIND_PASSWORD: 'rewind-secret',
    [BOOTSTRAP_PASSWORD_ENV.owner]: 'owner-secret',
    [BOOTSTRAP_PASSWORD_ENV.app]: passwords.app,
    [BOOTSTRAP_PASSWORD_ENV.backup]: 'backup-secret',
    [BOOTSTRAP_PASSWORD_ENV.pgbouncerAuth]: 'auth-secret',
  };
  patroni = await startEngine(['patroni', config], restApiPort, 'patroni REST API', as, env, HOST);
  await waitFor(
    async () => (await fetch(`http://${HOST}:${restApiPort}/primary`)).status === 200,
    30_000,
    'Patroni to become leader',
  );
}, 45_000);

afterAll(async () => {
  // SIGTERM: Patroni stops PostgreSQL before it exits.
  if (patroni) await stopProcess(patroni);
  if (etcd) await stopProcess(etcd);
  files.remove();
}, 30_000);

describe('a Patroni member on the rendered etcd patroni.yml', () => {
  it('when it has bootstrapped, then it reports itself leader with the configured timings', async () => {
    const status = (await (await fetch(`http://${HOST}:${restApiPort}/patroni`)).json()) as { role: string };
    const config = (await (await fetch(`http://${HOST}:${restApiPort}/config`)).json()) as Record<string, unknown>;
    expect(['master', 'primary']).toContain(status.role);
    expect(config).toMatchObject({ ttl: c.postgres.ttl, loop_wait: c.postgres.loopWait, failsafe_mode: true });
  });

  it('when the post-bootstrap script has run, then the service role logs in to the application database', async () => {
    await waitFor(
      async () => {
        const client = new Client({
          host: HOST,
          port: postgresPort,
          user: c.postgres.appUser,
          password: passwords.app,
          database: c.postgres.database,
        });
        await client.connect();
        try {
          const { rows } = await client.query('SELECT current_database() AS db');
          return rows[0].db === c.postgres.database;
        } finally {
          await client.end();
        }
      },
      10_000,
      'the service role to log in',
    );
  });
});
