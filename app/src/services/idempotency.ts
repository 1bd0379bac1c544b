// Idempotency-Key for POST: the first request runs and its reply is stored; a retry with the same key and body gets
// the stored reply; the same key with another body is 422; a retry while the first still runs is 409. Keys are per
// organization and expire after 24 h (the column default). Only successful replies are stored: a failed request
// changed nothing, so retrying it may run it again.
import type { Database } from '../db/database';
import { AppError } from '../http/errors';
import type { Reply } from '../http/api-registry';

export interface IdempotentRequest {
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
  expired: boolean;
}

async function claim(db: Database, orgId: string, request: IdempotentRequest): Promise<StoredKey | null> {
  return db.tenantTransaction(orgId, async (tx) => {
    // An expired key is free again.
    await tx.query(`DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2 AND expires_at < now()`, [
      orgId,
      request.key,
    ]);
    const inserted = await tx.query(
      `INSERT INTO idempotency_keys (org_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, key) DO NOTHING RETURNING id`,
      [orgId, request.key, request.method, request.path, request.requestHash],
    );
    if (inserted.length) return null;
    const [existing] = await tx.query<StoredKey>(
      `SELECT request_hash, response_status, response_body, response_headers, expires_at < now() AS expired
       FROM idempotency_keys WHERE org_id = $1 AND key = $2`,
      [orgId, request.key],
    );
    return existing ?? null;
  });
}

export async function idempotent(
  db: Database,
  orgId: string,
  request: IdempotentRequest,
  run: () => Promise<Reply>,
): Promise<Reply> {
  const existing = await claim(db, orgId, request);
  if (existing) {
    if (existing.request_hash !== request.requestHash) {
      throw new AppError(
        422,
        'idempotency-key-reused',
        'Idempotency key reused',
        'this Idempotency-Key was used with a different request',
      );
    }
    if (existing.response_status === null) {
      throw new AppError(
        409,
        'idempotency-in-progress',
        'Request in progress',
        'a request with this Idempotency-Key is still running',
        {},
        {
          'retry-after': '1',
        },
      );
    }
    return {
      status: existing.response_status,
      body: existing.response_body ?? undefined,
      headers: { ...(existing.response_headers ?? {}), 'idempotent-replayed': 'true' },
    };
  }
  let reply: Reply;
  try {
    reply = await run();
  } catch (error) {
    await db.tenantTransaction(orgId, (tx) =>
      tx.query(`DELETE FROM idempotency_keys WHERE org_id = $1 AND key = $2`, [orgId, request.key]),
    );
    throw error;
  }
  await db.tenantTransaction(orgId, (tx) =>
    tx.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4, response_headers = $5
       WHERE org_id = $1 AND key = $2`,
      [orgId, request.key, reply.status, JSON.stringify(reply.body ?? null), JSON.stringify(reply.headers ?? {})],
    ),
  );
  return reply;
}
