// Row count and an order-independent checksum of every table, computed in one snapshot: recorded in the manifest
// at backup time and compared after a restore drill. Session settings are pinned so the row text (timestamps,
// floats) is the same on both sides. Generated columns are left out: restores recompute them, and their text (a
// tsvector) would cost more than the rest of the row.
import type { ClientBase } from 'pg';

export const PIN_SESSION =
  "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; SET IntervalStyle = 'postgres'";

export async function tableStats(client: ClientBase): Promise<Record<string, { rows: number; checksum: string }>> {
  const { rows: tables } = await client.query<{ name: string; columns: string[] }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name,
            array_agg(quote_ident(a.attname) ORDER BY a.attnum) AS columns
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     GROUP BY 1 ORDER BY 1`,
  );
  const stats: Record<string, { rows: number; checksum: string }> = {};
  for (const { name, columns } of tables) {
    const row = columns.map((c) => `t.${c}`).join(', ');
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*) AS rows, coalesce(sum(hashtext(ROW(${row})::text)::bigint), 0)::text AS checksum FROM ${name} t`,
    );
    stats[name] = { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum };
  }
  return stats;
}
