// Row count and an order-independent checksum of every table, computed in one snapshot: recorded in the manifest
// at backup time and compared after a restore drill. Generated columns are left out: restores recompute them.
//
// Two checksum methods, named in the manifest so a drill recomputes what the backup recorded:
// - `hash_record` (what backups record now): the sum of each row's hash_record(), which hashes every
//   column with its type's own hash function, binary, no text output: about a third of the cost of the row text
//   (`npm run bench:backup`). A table with a column type that has no hash function falls back to its row text.
// - `row_text` (earlier manifests): hashtext of each row's text, with session settings pinned so timestamps and
//   floats print the same on both sides.
import type { ClientBase } from 'pg';

export type ChecksumMethod = 'hash_record' | 'row_text';
export type TableStats = Record<string, { rows: number; checksum: string }>;

export const PIN_SESSION =
  "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; SET IntervalStyle = 'postgres'";

const rowText = (row: string) => `coalesce(sum(hashtext(ROW(${row})::text)::bigint), 0)::text`;
const hashRecord = (row: string) => `coalesce(sum(hash_record(ROW(${row}))), 0)::text`;
const UNDEFINED_FUNCTION = '42883'; // "could not identify a hash function for type …"

/** Runs inside the caller's transaction (a savepoint guards the hash_record attempt), so one snapshot serves all. */
export async function tableStats(client: ClientBase, method: ChecksumMethod): Promise<TableStats> {
  const { rows: tables } = await client.query<{ name: string; columns: string[] }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name,
            array_agg(quote_ident(a.attname) ORDER BY a.attnum) AS columns
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     GROUP BY 1 ORDER BY 1`,
  );
  const stats: TableStats = {};
  const measure = async (name: string, checksum: string) => {
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*) AS rows, ${checksum} AS checksum FROM ${name} t`,
    );
    stats[name] = { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum };
  };
  for (const { name, columns } of tables) {
    const row = columns.map((c) => `t.${c}`).join(', ');
    if (method === 'row_text') {
      await measure(name, rowText(row));
      continue;
    }
    await client.query('SAVEPOINT table_stats');
    try {
      await measure(name, hashRecord(row));
      await client.query('RELEASE SAVEPOINT table_stats');
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_FUNCTION) throw error;
      await client.query('ROLLBACK TO SAVEPOINT table_stats');
      await measure(name, rowText(row));
    }
  }
  return stats;
}
