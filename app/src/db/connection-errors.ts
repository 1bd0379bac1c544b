// Errors that mean "the database connection failed", not "the query was wrong": what a failover or a restart of
// PostgreSQL, PgBouncer or HAProxy looks like from here.
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
  '08P01', // PgBouncer: "server conn crashed?"
  '25006', // read_only_sql_transaction: a demoted primary still reached through an old connection
]);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|server conn crashed|connection error/i;

export function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return !!e && (CODES.has(String(e.code)) || (typeof e.message === 'string' && MESSAGES.test(e.message)));
}
