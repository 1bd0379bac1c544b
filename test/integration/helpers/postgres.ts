// Each suite gets its own database on the machine's PostgreSQL 15, migrated by the real runner.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../../migrations/runner';

export const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';
/** A LOGIN role granted brownie_app, as the platform's service user is. */
export const TEST_APP_LOGIN = 'brownie_test_api';

export async function adminQuery(sql: string, params: unknown[] = [], database = 'postgres'): Promise<unknown[]> {
  const client = new Client({ connectionString: `${SERVER_URL}/${database}` });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const ownerUrl = `${SERVER_URL}/${name}`;
  if (options.migrate !== false) {
    await migrate({ databaseUrl: ownerUrl, direction: 'up', target: { all: true } });
    await grantAppLogin();
  }
  return {
    name,
    ownerUrl,
    appUrl: `postgres://${TEST_APP_LOGIN}@127.0.0.1:5432/${name}`,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
  };
}

export async function grantAppLogin(): Promise<void> {
  await adminQuery(`
    DO $$ BEGIN
      CREATE ROLE ${TEST_APP_LOGIN} LOGIN NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  await adminQuery(`GRANT brownie_app TO ${TEST_APP_LOGIN}`);
}
