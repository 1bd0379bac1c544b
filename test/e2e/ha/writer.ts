// A client committing incidents through the API at a steady, modest rate. What it was told succeeded (201) is what
// must survive a failover; the longest gap between two acknowledged writes is the write unavailability.
import { Pool } from 'pg';
import type { ApiTenant } from './api';
import { SteadyLoad } from './load';

export type { LoadReport as WriterReport } from './load';

export function steadyWriter(apiUrl: string, tenant: ApiTenant, intervalMs = 50): SteadyLoad {
  return new SteadyLoad(async (seq) => {
    const res = await fetch(`${apiUrl}/v1/incidents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tenant.token}`,
        'content-type': 'application/json',
        'idempotency-key': `writer-${Date.now()}-${seq}`,
      },
      body: JSON.stringify({ team_id: tenant.teamId, title: `write ${seq}` }),
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await res.json()) as { id?: string };
    return res.status === 201 ? body.id : undefined;
  }, intervalMs);
}

/** Reads through PgBouncer's replica pool, as the API's list queries do; `end` closes its connections. */
export function steadyReader(url: string, intervalMs = 50): { load: SteadyLoad; end: () => Promise<void> } {
  const pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2_000, query_timeout: 3_000 });
  pool.on('error', () => undefined);
  const load = new SteadyLoad(async () => {
    const { rows } = await pool.query<{ replica: boolean }>('SELECT pg_is_in_recovery() AS replica');
    return rows[0]?.replica ? 'replica' : undefined;
  }, intervalMs);
  return { load, end: () => pool.end() };
}
