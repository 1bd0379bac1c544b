import { z } from 'zod';
import type { ApiRegistry } from '../http/api-registry';
import { listRows, filterIf, type TableDef } from '../repositories/entities';
import { page, pageQuery } from '../repositories/pagination';
import { timestamp } from '../resources/common';
import { authorizeOrgAdmin } from '../services/permissions';
import type { Database } from '../db/database';

const table: TableDef = {
  table: 'audit_events',
  columns: [
    'id',
    'org_id',
    'actor_type',
    'actor_id',
    'action',
    'entity_type',
    'entity_id',
    'before',
    'after',
    'request_id',
    'at',
  ],
  sortColumn: 'at',
  softDelete: false,
};
const query = pageQuery.omit({ include_deleted: true }).extend({
  entity_type: z.string().min(1).max(50).optional(),
  entity_id: z.uuid().optional(),
  actor_id: z.uuid().optional(),
  action: z.string().min(1).max(100).optional(),
  since: timestamp.optional(),
  until: timestamp.optional(),
});
const event = z.object({
  id: z.uuid(),
  org_id: z.uuid(),
  actor_type: z.enum(['user', 'api_key', 'system']),
  actor_id: z.uuid().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.uuid().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  request_id: z.string().nullable(),
  at: z.iso.datetime(),
});

/** The audit trail, newest first, for organization admins; read from the replica pool when there is one. */
export function registerAuditRoutes(api: ApiRegistry, readDb: Database): void {
  api.add({
    method: 'get',
    path: '/v1/audit-events',
    tag: 'audit',
    summary: 'List audit events (admins), filterable by entity, actor, action and time',
    query,
    responses: { 200: { description: 'A page', schema: page(event) } },
    handler: async ({ query: q, ctx }) => {
      authorizeOrgAdmin(ctx.principal, 'reading the audit trail');
      const result = await readDb.tenantTransaction(ctx.principal.orgId, (tx) =>
        listRows(tx, table, {
          limit: q.limit,
          cursor: q.cursor,
          includeDeleted: false,
          filters: [
            ...filterIf(q.entity_type, 'entity_type = $1'),
            ...filterIf(q.entity_id, 'entity_id = $1'),
            ...filterIf(q.actor_id, 'actor_id = $1'),
            ...filterIf(q.action, 'action = $1'),
            ...filterIf(q.since, 'at >= $1'),
            ...filterIf(q.until, 'at < $1'),
          ],
        }),
      );
      return { status: 200, body: result };
    },
  });
}
