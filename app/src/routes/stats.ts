import { z } from 'zod';
import type { Database } from '../db/database';
import type { ApiRegistry } from '../http/api-registry';
import { insertRow } from '../repositories/entities';
import { timestamp } from '../resources/common';
import { statCreate, statsResource } from '../resources/stats';
import { recordAudit } from '../services/audit';
import { authorizeTeamData } from '../services/permissions';

const WINDOWS = ['minute', 'hour', 'day', 'week', 'month'] as const;
const aggregateQuery = z.object({
  metric_name: z.string().min(1).max(255),
  team_id: z.uuid().optional(),
  since: timestamp.optional(),
  until: timestamp.optional(),
  time_window: z.enum(WINDOWS).default('hour'),
});
const bucket = z.object({
  bucket: z.iso.datetime(),
  count: z.int(),
  sum: z.number(),
  avg: z.number(),
  min: z.number(),
  max: z.number(),
});

/** Batch writes for agents, and time-window aggregation for reports (on the replica pool when there is one). */
export function registerStatsRoutes(api: ApiRegistry, db: Database, readDb: Database): void {
  api.add({
    method: 'post',
    path: '/v1/stats/batch',
    tag: 'stats',
    summary: 'Write up to 500 data points in one transaction (all or none)',
    body: z.strictObject({ items: z.array(statCreate).min(1).max(500, { error: 'at most 500 items' }) }),
    responses: { 201: { description: 'Written', schema: z.object({ created: z.int(), ids: z.array(z.uuid()) }) } },
    handler: async ({ body, ctx }) => {
      for (const item of body.items) authorizeTeamData(ctx.principal, 'create', item.team_id ?? null);
      const ids = await db.tenantTransaction(ctx.principal.orgId, async (tx) => {
        const rows = [];
        for (const item of body.items) {
          rows.push(
            await insertRow(tx, statsResource, {
              ...item,
              org_id: ctx.principal.orgId,
              created_by: ctx.principal.id,
              updated_by: ctx.principal.id,
            }),
          );
        }
        await recordAudit(tx, ctx, {
          action: 'stat.batch_create',
          entityType: 'stat',
          entityId: null,
          after: { count: rows.length, ids: rows.map((r) => r.id) },
        });
        return rows.map((r) => r.id);
      });
      return { status: 201, body: { created: ids.length, ids } };
    },
  });
  api.add({
    method: 'get',
    path: '/v1/stats/aggregate',
    tag: 'stats',
    summary: 'Aggregate one metric per time window (count, sum, avg, min, max)',
    query: aggregateQuery,
    responses: {
      200: {
        description: 'Buckets, oldest first',
        schema: z.object({ metric_name: z.string(), time_window: z.enum(WINDOWS), buckets: z.array(bucket) }),
      },
    },
    handler: async ({ query: q, ctx }) => {
      const buckets = await readDb.tenantTransaction(ctx.principal.orgId, (tx) =>
        tx.query(
          `SELECT date_trunc($2, "timestamp") AS bucket, count(*)::int AS count, sum(value) AS sum, avg(value) AS avg,
                  min(value) AS min, max(value) AS max
           FROM stats
           WHERE deleted_at IS NULL AND metric_name = $1 AND ($3::uuid IS NULL OR team_id = $3)
             AND ($4::timestamptz IS NULL OR "timestamp" >= $4) AND ($5::timestamptz IS NULL OR "timestamp" < $5)
           GROUP BY 1 ORDER BY 1 LIMIT 10000`,
          [q.metric_name, q.time_window, q.team_id ?? null, q.since ?? null, q.until ?? null],
        ),
      );
      return { status: 200, body: { metric_name: q.metric_name, time_window: q.time_window, buckets } };
    },
  });
}
