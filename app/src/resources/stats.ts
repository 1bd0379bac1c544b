import { z } from 'zod';
import { filterIf } from '../repositories/entities';
import type { ResourceDef } from '../services/entities';
import { ENTITY_COLUMNS, entityResponse, jsonObject, name, text, timestamp } from './common';

const writable = {
  metric_name: name(255),
  metric_type: name(50),
  value: z.number().finite(),
  count: z.int().min(0).nullable().optional(),
  timestamp,
  time_window: z.string().max(50).nullable().optional(),
  labels: jsonObject.optional(),
  unit: z.string().max(50).nullable().optional(),
  description: text.nullable().optional(),
};
export const statCreate = z.strictObject({ team_id: z.uuid().nullable().optional(), ...writable });
const update = z.strictObject({
  value: writable.value.optional(),
  count: writable.count,
  labels: writable.labels,
  unit: writable.unit,
  description: writable.description,
});
const listQuery = z.object({
  metric_name: z.string().min(1).max(255).optional(),
  metric_type: z.string().min(1).max(50).optional(),
  team_id: z.uuid().optional(),
  since: timestamp.optional(),
  until: timestamp.optional(),
});

export const statsResource: ResourceDef<typeof statCreate, typeof update, typeof listQuery> = {
  path: 'stats',
  entity: 'stat',
  tag: 'stats',
  table: 'stats',
  columns: [...ENTITY_COLUMNS, 'team_id', ...Object.keys(writable)],
  jsonb: ['labels'],
  sortColumn: 'timestamp',
  create: statCreate,
  update,
  response: z.object({
    ...entityResponse,
    team_id: z.uuid().nullable(),
    metric_name: z.string(),
    metric_type: z.string(),
    value: z.number(),
    count: z.int().nullable(),
    timestamp: z.iso.datetime(),
    time_window: z.string().nullable(),
    labels: z.record(z.string(), z.unknown()),
    unit: z.string().nullable(),
    description: z.string().nullable(),
  }),
  listQuery,
  listFromReplica: true,
  filters: (q) => [
    ...filterIf(q.metric_name, 'metric_name = $1'),
    ...filterIf(q.metric_type, 'metric_type = $1'),
    ...filterIf(q.team_id, 'team_id = $1'),
    ...filterIf(q.since, '"timestamp" >= $1'),
    ...filterIf(q.until, '"timestamp" < $1'),
  ],
};
