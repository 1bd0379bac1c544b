import type { Queryable } from '../db/database';
import type { RequestContext } from '../http/context';

type Actor = Pick<RequestContext, 'principal' | 'requestId'>;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Written in the mutation's own transaction: no change without its audit row, no audit row without the change. */
export async function recordAudit(tx: Queryable, ctx: Actor, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_events (org_id, actor_type, actor_id, action, entity_type, entity_id, before, after, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ctx.principal.orgId,
      ctx.principal.kind,
      ctx.principal.id,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      ctx.requestId,
    ],
  );
}
