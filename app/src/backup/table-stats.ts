// Row count and an order-independent checksum of every table, computed in one snapshot: recorded in the manifest
// at backup time and compared after a restore drill. Session settings are pinned so the row text (timestamps,
// floats) is the same on both sides.
import type { ClientBase } from 'pg';

export const PIN_SESSION =
  "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; SET IntervalStyle = 'postgres'";

export async function tableStats(client: ClientBase): Promise<Record<string, { rows: number; checksum: string }>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     ORDER BY 1`,
  );
  const stats: Record<string, { rows: number; checksum: string }> = {};
  for (const { name } of tables) {
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*) AS rows, coalesce(sum(hashtext(t::text)::bigint), 0)::text AS checksum FROM ${name} t`,
    );
    stats[name] = { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum };
  }
  return stats;
}
