// SQL for every entity table. Table and column names come from code (resource definitions), never from requests.
import type { Queryable } from '../db/database';
import { decodeCursor, encodeCursor } from './pagination';

export interface TableDef {
  table: string;
  /** Columns a response shows (never secrets such as password_hash). */
  columns: readonly string[];
  /** Columns stored as jsonb: serialized explicitly, since pg would turn a JS array into a PostgreSQL array. */
  jsonb?: readonly string[];
  /** Sort column of lists, newest first (default created_at). */
  sortColumn?: string;
  /** False for append-only tables without deleted_at. */
  softDelete?: boolean;
  /** The column naming the owning organization (organizations: its own id). */
  orgColumn?: string;
}

/**
 * The service's own tenant check, on top of row-level security: every lookup also says which organization it
 * means. `null` leaves isolation to RLS alone (the isolation test does this to prove RLS holds by itself).
 */
export type TenantScope = string | null;

export type Row = Record<string, unknown> & { id: string; version: number };

export interface Filter {
  sql: string;
  params: unknown[];
}

/** One `$1`-parameter condition when the query gave a value, none otherwise. */
export const filterIf = (value: unknown, sql: string): Filter[] =>
  value === undefined ? [] : [{ sql, params: [value] }];

const select = (t: TableDef) => t.columns.map((c) => `"${c}"`).join(', ');

function values(t: TableDef, data: Record<string, unknown>): [string[], unknown[]] {
  const entries = Object.entries(data).filter(([, v]) => v !== undefined);
  return [
    entries.map(([k]) => `"${k}"`),
    entries.map(([k, v]) => (t.jsonb?.includes(k) && v !== null ? JSON.stringify(v) : v)),
  ];
}

export async function insertRow(tx: Queryable, t: TableDef, data: Record<string, unknown>): Promise<Row> {
  const [cols, params] = values(t, data);
  const [row] = await tx.query<Row>(
    `INSERT INTO ${t.table} (${cols.join(', ')}) VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING ${select(t)}`,
    params,
  );
  return row!;
}

export async function findRow(
  tx: Queryable,
  t: TableDef,
  id: string,
  options: { includeDeleted?: boolean; forUpdate?: boolean; scope?: TenantScope } = {},
): Promise<Row | undefined> {
  const scoped = options.scope ? `AND "${t.orgColumn ?? 'org_id'}" = $2` : '';
  const [row] = await tx.query<Row>(
    `SELECT ${select(t)} FROM ${t.table} WHERE id = $1 ${scoped} ${options.includeDeleted ? '' : 'AND deleted_at IS NULL'}
     ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    options.scope ? [id, options.scope] : [id],
  );
  return row;
}

export async function updateRow(tx: Queryable, t: TableDef, id: string, data: Record<string, unknown>): Promise<Row> {
  const [cols, params] = values(t, data);
  const [row] = await tx.query<Row>(
    `UPDATE ${t.table} SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1 RETURNING ${select(t)}`,
    [id, ...params],
  );
  return row!;
}

export interface ListOptions {
  scope?: TenantScope;
  filters: Filter[];
  limit: number;
  cursor?: string;
  includeDeleted: boolean;
}

export interface Page {
  items: Row[];
  next_cursor: string | null;
  has_more: boolean;
}

export async function listRows(tx: Queryable, t: TableDef, options: ListOptions): Promise<Page> {
  const sort = t.sortColumn ?? 'created_at';
  const params: unknown[] = [];
  const where: string[] = options.includeDeleted || t.softDelete === false ? [] : ['deleted_at IS NULL'];
  const scope = options.scope ? [{ sql: `"${t.orgColumn ?? 'org_id'}" = $1`, params: [options.scope] }] : [];
  for (const f of [...scope, ...options.filters]) {
    // Each filter numbers its own parameters from $1; shift them into place.
    where.push(f.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + params.length}`));
    params.push(...f.params);
  }
  if (options.cursor) {
    const c = decodeCursor(options.cursor);
    params.push(c.t, c.i);
    where.push(`("${sort}", id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(options.limit + 1);
  const rows = await tx.query<Row & { _cursor: string }>(
    `SELECT ${select(t)}, to_char("${sort}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS _cursor
     FROM ${t.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY "${sort}" DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const hasMore = rows.length > options.limit;
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ _cursor: _drop, ...row }) => row as Row),
    next_cursor: hasMore && last ? encodeCursor({ t: last._cursor, i: last.id }) : null,
    has_more: hasMore,
  };
}
