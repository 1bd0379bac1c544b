// Many simultaneous clients through PgBouncer: each logs in (SCRAM, looked up by auth_query), queries, and holds
// its connection until every other one has too, so they are all connected at once.
import { Client } from 'pg';

export interface ClientsReport {
  connected: number;
  errors: string[];
  connectMs: number;
}

export async function holdClients(url: string, count: number): Promise<ClientsReport> {
  const started = Date.now();
  const clients = Array.from(
    { length: count },
    () => new Client({ connectionString: url, connectionTimeoutMillis: 120_000 }),
  );
  const errors: string[] = [];
  for (const c of clients) c.on('error', (e: Error) => errors.push(e.message));
  const outcomes = await Promise.allSettled(
    clients.map(async (c) => {
      await c.connect();
      await c.query('SELECT 1');
    }),
  );
  const connectMs = Date.now() - started;
  for (const o of outcomes) if (o.status === 'rejected') errors.push((o.reason as Error).message);
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  return { connected: outcomes.filter((o) => o.status === 'fulfilled').length, errors, connectMs };
}
