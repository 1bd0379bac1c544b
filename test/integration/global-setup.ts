// Fails the run at once, with the fix, when the machine's services are not up.
import { Client } from 'pg';
import { SERVER_URL } from './helpers/postgres';

export default async function globalSetup(): Promise<void> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${SERVER_URL} (${(error as Error).message}); .ci/run starts it`);
  }
}
