import { Client } from 'pg';
import { buildTestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

/** One migrated database, the in-process app on it (as the application role), and an owner connection to check state. */
export function useApi(options: Parameters<typeof buildTestApp>[1] = {}) {
  const env = {} as { database: TestDatabase; api: Awaited<ReturnType<typeof buildTestApp>>; owner: Client };
  beforeAll(async () => {
    env.database = await createTestDatabase();
    env.api = await buildTestApp(env.database.appUrl, options);
    env.owner = new Client({ connectionString: env.database.ownerUrl });
    await env.owner.connect();
  });
  afterAll(async () => {
    await env.owner.end();
    await env.api.close();
    await env.database.drop();
  });
  return env;
}
