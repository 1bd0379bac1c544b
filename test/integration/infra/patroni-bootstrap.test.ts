// Two Patroni members started on the rendered etcd-DCS patroni.yml (the machine's PostgreSQL 15 binaries, as the
// postgres user): the first initializes, becomes leader and runs the rendered post-bootstrap script; the second
// clones it over the rendered replication pg_hba entry and streams. The local HA issue builds its three-member
// cluster on this same file.
import type { ChildProcess } from 'node:child_process';
import { chownSync } from 'node:fs';
import { Client } from 'pg';
import { platformConfig } from '../../../infra/config';
import {
  BOOTSTRAP_PASSWORD_ENV,
  PATRONI_USERS,
  renderPatroniConfig,
  renderPostBootstrapScript,
} from '../../../infra/render';
import { freePort, stopProcess, waitFor } from '../helpers/processes';
import { postgresUser, startEngine, startEtcd, tempDir } from './engines';

// Short HA loop (the local HA notes' figures): the leader creates the new member's replication slot on its next
// loop, so streaming starts within seconds; Debian's Patroni 3.0.2 accepts a ttl below the image's minimum of 20.
const c = platformConfig('dev', { postgres: { patroniVersion: '3.0.2', ttl: 10, loopWait: 2, retryTimeout: 4 } });
const files = tempDir('patroni-member');
const as = postgresUser();
const passwords = { superuser: 'super-secret', app: 'app-secret' };
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

interface Member {
  name: string;
  host: string;
  postgresPort: number;
  restApiPort: number;
  process?: ChildProcess;
}

let etcd: ChildProcess | undefined;
let etcdHost: string;
// Patroni refuses 127.0.0.1 as a connect address: each member gets its own loopback address.
const members: Member[] = [
  { name: 'member-1', host: '127.0.0.2', postgresPort: 0, restApiPort: 0 },
  { name: 'member-2', host: '127.0.0.3', postgresPort: 0, restApiPort: 0 },
];
const [leader, replica] = members as [Member, Member];
const api = (m: Member, path: string) => fetch(`http://${m.host}:${m.restApiPort}${path}`);

async function startMember(m: Member): Promise<void> {
  [m.postgresPort, m.restApiPort] = [await freePort(), await freePort()];
  const config = files.write(
    `${m.name}.yml`,
    renderPatroniConfig(c, {
      dcs: 'etcd',
      etcdHosts: [etcdHost],
      member: { ...m, dataDir: `${files.dir}/${m.name}`, binDir: '/usr/lib/postgresql/15/bin' },
    }).replace('/etc/patroni/post-bootstrap.sh', `${files.dir}/post-bootstrap.sh`),
  );
  m.process = await startEngine(['patroni', config], m.restApiPort, `${m.name} REST API`, as, env, m.host);
}

beforeAll(async () => {
  if (as) chownSync(files.dir, as.uid, as.gid);
  ({ etcd, host: etcdHost } = await startEtcd(`${files.dir}/etcd`));
  // Patroni executes the script itself: it must be executable (the chart's ConfigMap volume uses mode 0555).
  files.write('post-bootstrap.sh', renderPostBootstrapScript(c), 0o755);
  await startMember(leader);
  await waitFor(async () => (await api(leader, '/primary')).status === 200, 30_000, 'member-1 to lead');
  await startMember(replica);
  await waitFor(async () => (await api(replica, '/replica')).status === 200, 30_000, 'member-2 to replicate');
}, 75_000);

afterAll(async () => {
  // SIGTERM: Patroni stops PostgreSQL before it exits; the replica first, so the leader is not demoted.
  for (const m of [replica, leader]) if (m.process) await stopProcess(m.process);
  if (etcd) await stopProcess(etcd);
  files.remove();
}, 30_000);

describe('a Patroni cluster on the rendered etcd patroni.yml', () => {
  it('when it has bootstrapped, then member-1 leads with the configured timings', async () => {
    const status = (await (await api(leader, '/patroni')).json()) as { role: string };
    const config = (await (await api(leader, '/config')).json()) as Record<string, unknown>;
    expect(['master', 'primary']).toContain(status.role);
    expect(config).toMatchObject({ ttl: c.postgres.ttl, loop_wait: c.postgres.loopWait, failsafe_mode: true });
  });

  it('when member-2 has joined, then it streams from the leader as the replication user', async () => {
    const cluster = (await (await api(leader, '/cluster')).json()) as { members: { name: string; role: string }[] };
    expect(cluster.members.find((m) => m.name === replica.name)?.role).toBe('replica');
    const client = new Client({
      host: leader.host,
      port: leader.postgresPort,
      user: 'postgres',
      password: passwords.superuser,
      database: 'postgres',
    });
    await client.connect();
    try {
      const streaming = async () => (await client.query('SELECT usename, state FROM pg_stat_replication')).rows;
      // Patroni reports a replica once PostgreSQL runs in recovery; the WAL stream starts a moment later.
      await waitFor(async () => (await streaming()).length > 0, 15_000, 'the replica to stream');
      expect(await streaming()).toEqual([{ usename: PATRONI_USERS.replication, state: 'streaming' }]);
    } finally {
      await client.end();
    }
  }, 20_000);

  it('when the post-bootstrap script has run, then the service role logs in to the application database', async () => {
    await waitFor(
      async () => {
        const client = new Client({
          host: leader.host,
          port: leader.postgresPort,
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
