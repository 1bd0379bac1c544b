// PgBouncer (Debian's 1.18) started on the rendered pgbouncer.ini in front of the machine's PostgreSQL, with the roles
// and auth_query function made by the rendered post-bootstrap script and the auth file written by the rendered
// container script: a client logs in with a password PgBouncer never saw in a file.
import fc from 'fast-check';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { Client } from 'pg';
import { platformConfig, type PlatformConfig } from '../../../infra/config';
import {
  BOOTSTRAP_PASSWORD_ENV,
  PGBOUNCER_AUTH_FILE_SCRIPT,
  POOLER_CALLBACK_ENV,
  renderPgbouncerIni,
  renderPoolerCallbackScript,
  renderPostBootstrapScript,
  replicaDatabase,
} from '../../../infra/render';
import { validPlatformConfig } from '../../fixtures/infra/arbitrary-config';
import { adminQuery, SERVER_URL } from '../helpers/postgres';
import { freePort, stopProcess } from '../helpers/processes';
import { postgresUser, run, startEngine, tempDir } from './engines';

const LOCAL_PGBOUNCER_VERSION = '1.18.0';
const suffix = randomBytes(4).toString('hex');
const config = platformConfig('dev', {
  postgres: {
    database: `t_pgb_${suffix}`,
    ownerUser: `t_owner_${suffix}`,
    appUser: `t_api_${suffix}`,
    backupUser: `t_backup_${suffix}`,
  },
  pgbouncer: { version: LOCAL_PGBOUNCER_VERSION, authUser: `t_pgbauth_${suffix}` },
});
const passwords = { owner: 'owner-secret', app: 'app-secret', pgbouncerAuth: 'auth-secret' };

const files = tempDir('pgbouncer');
// The auth-file script runs as the postgres user, as the init container runs as PgBouncer's user.
chmodSync(files.dir, 0o777);
const running: ChildProcess[] = [];

async function startPgbouncer(c: PlatformConfig, name: string): Promise<number> {
  const port = await freePort();
  const upstream = { host: '127.0.0.1', port: 5432 };
  const ini = renderPgbouncerIni(c, {
    listenAddr: '127.0.0.1',
    listenPort: port,
    primary: upstream,
    replicas: upstream,
    authFile: `${files.dir}/userlist.txt`,
  });
  running.push(await startEngine(['pgbouncer', files.write(name, ini)], port, 'pgbouncer', postgresUser()));
  return port;
}

beforeAll(() => {
  const bootstrap = run(
    'sh',
    [files.write('post-bootstrap.sh', renderPostBootstrapScript(config)), `${SERVER_URL}/postgres`],
    {
      [BOOTSTRAP_PASSWORD_ENV.owner]: passwords.owner,
      [BOOTSTRAP_PASSWORD_ENV.app]: passwords.app,
      [BOOTSTRAP_PASSWORD_ENV.backup]: 'backup-secret',
      [BOOTSTRAP_PASSWORD_ENV.pgbouncerAuth]: passwords.pgbouncerAuth,
    },
  );
  if (bootstrap.code !== 0) throw new Error(`post-bootstrap script failed: ${bootstrap.output}`);
  const authFile = run(
    'sh',
    ['-c', PGBOUNCER_AUTH_FILE_SCRIPT],
    {
      PGBOUNCER_AUTH_USER: config.pgbouncer.authUser,
      PGBOUNCER_AUTH_PASSWORD: passwords.pgbouncerAuth,
      PGBOUNCER_AUTH_FILE: `${files.dir}/userlist.txt`,
    },
    postgresUser(),
  );
  if (authFile.code !== 0) throw new Error(`auth file script failed: ${authFile.output}`);
});

afterAll(async () => {
  await Promise.all(running.map((child) => stopProcess(child)));
  await adminQuery(`DROP DATABASE IF EXISTS ${config.postgres.database} WITH (FORCE)`);
  const { ownerUser, appUser, backupUser } = config.postgres;
  await adminQuery(`DROP ROLE IF EXISTS ${appUser}, ${backupUser}, ${config.pgbouncer.authUser}, ${ownerUser}`);
  files.remove();
});

const clientVia = (port: number, database: string, password: string) =>
  new Client({
    host: '127.0.0.1',
    port,
    database,
    user: config.postgres.appUser,
    password,
    // The API sets it too; PgBouncer must not refuse the startup parameter.
    statement_timeout: 30_000,
    connectionTimeoutMillis: 3_000,
  });

describe('pgbouncer.ini', () => {
  let port: number;
  beforeAll(async () => {
    port = await startPgbouncer(config, 'pgbouncer.ini');
  });

  it.each([
    ['primary pool', () => config.postgres.database],
    ['replica pool', () => replicaDatabase(config)],
  ])('when the service logs in through the %s with its password, then auth_query lets it query', async (_, db) => {
    const client = clientVia(port, db(), passwords.app);
    await client.connect();
    try {
      const { rows } = await client.query('SELECT current_user AS who, current_database() AS db');
      expect(rows[0]).toEqual({ who: config.postgres.appUser, db: config.postgres.database });
    } finally {
      await client.end();
    }
  });

  it('when the password is wrong, then PgBouncer refuses the login', async () => {
    const client = clientVia(port, config.postgres.database, 'wrong');
    await expect(client.connect()).rejects.toThrow(/authentication failed/);
    await client.end().catch(() => undefined);
  });

  it('when any valid config is rendered, then PgBouncer starts on it', async () => {
    await fc.assert(
      fc.asyncProperty(validPlatformConfig, async (c) => {
        const child = running.length;
        await startPgbouncer({ ...c, pgbouncer: { ...c.pgbouncer, version: LOCAL_PGBOUNCER_VERSION } }, 'property.ini');
        await stopProcess(running.splice(child, 1)[0]!);
      }),
      { numRuns: 6 },
    );
  }, 30_000);
});

describe('the pooler callback (Patroni pre_promote and on_role_change)', () => {
  let port: number;
  let script: string;
  beforeAll(async () => {
    port = await startPgbouncer(config, 'callback.ini');
    script = files.write('pooler-callback.sh', renderPoolerCallbackScript(config), 0o755);
  });

  const hook = (args: string[], env: Record<string, string> = {}) => {
    const started = Date.now();
    const result = run('sh', [script, ...args], {
      [BOOTSTRAP_PASSWORD_ENV.pgbouncerAuth]: passwords.pgbouncerAuth,
      [POOLER_CALLBACK_ENV.addresses]: `127.0.0.1:${port}`,
      [POOLER_CALLBACK_ENV.primaryHost]: '127.0.0.1',
      [POOLER_CALLBACK_ENV.primaryPort]: '5432',
      ...env,
    });
    return { ...result, ms: Date.now() - started };
  };

  /** Runs one command on PgBouncer's admin console. */
  async function adminCommand<R extends object>(command: string): Promise<R[]> {
    const admin = new Client({
      host: '127.0.0.1',
      port,
      database: 'pgbouncer',
      user: config.pgbouncer.authUser,
      password: passwords.pgbouncerAuth,
    });
    await admin.connect();
    try {
      return (await admin.query<R>(command)).rows;
    } finally {
      await admin.end();
    }
  }

  /** The admin console's view: database name → paused (0 or 1). */
  async function paused(): Promise<Record<string, number>> {
    const rows = await adminCommand<{ name: string; paused: number }>('SHOW DATABASES');
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.paused)]));
  }

  it('when a member is about to be promoted, then the primary pool pauses (clients wait, not fail) until it is primary', async () => {
    // Logged in first: PgBouncer's auth_query would itself wait on the paused pool.
    const client = clientVia(port, config.postgres.database, passwords.app);
    await client.connect();
    await client.query('SELECT 1');
    expect(hook(['pause'], { [POOLER_CALLBACK_ENV.pauseLimit]: '20' }).code).toBe(0);
    expect(await paused()).toMatchObject({ [config.postgres.database]: 1, [replicaDatabase(config)]: 0 });

    const waiting = client.query('SELECT 1 AS ok');
    const outcome = await Promise.race([waiting.then(() => 'answered'), sleep(500).then(() => 'waiting')]);
    expect(outcome).toBe('waiting');

    expect(hook(['on_role_change', 'replica', 'brownie']).code).toBe(0);
    expect((await paused())[config.postgres.database]).toBe(1);
    expect(hook(['on_role_change', 'master', 'brownie']).code).toBe(0);
    expect((await paused())[config.postgres.database]).toBe(0);
    expect((await waiting).rows).toEqual([{ ok: 1 }]);
    await client.end();
  });

  it('when the promotion never completes, then the pause is lifted after the limit', async () => {
    expect(hook(['pause'], { [POOLER_CALLBACK_ENV.pauseLimit]: '1' }).code).toBe(0);
    expect((await paused())[config.postgres.database]).toBe(1);
    await sleep(2_500);
    expect((await paused())[config.postgres.database]).toBe(0);
  });

  it('when the promotion completes, then its watchdog is stopped and cannot lift a later pause', async () => {
    expect(hook(['pause'], { [POOLER_CALLBACK_ENV.pauseLimit]: '1' }).code).toBe(0);
    expect(hook(['on_role_change', 'primary', 'brownie']).code).toBe(0);
    expect((await paused())[config.postgres.database]).toBe(0);
    // A later promotion's pause, issued here by hand: the first watchdog's second has long passed after 2.5 s.
    await adminCommand(`PAUSE ${config.postgres.database}`);
    await sleep(2_500);
    expect((await paused())[config.postgres.database]).toBe(1);
    await adminCommand(`RESUME ${config.postgres.database}`);
  });

  it.each([
    ['no pooler configured', { [POOLER_CALLBACK_ENV.addresses]: '' }],
    ['a pooler that is down', { [POOLER_CALLBACK_ENV.addresses]: '127.0.0.1:1' }],
  ])('when there is %s, then the hook still exits 0 at once (a promotion must never wait on it)', (_, env) => {
    const result = hook(['pause'], { ...env, [POOLER_CALLBACK_ENV.pauseLimit]: '1' });
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(3_500);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
