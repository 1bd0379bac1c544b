import { z } from 'zod';
import { AppError } from '../http/errors';
import type { Metrics } from '../metrics';
import { filterIf, type Row } from '../repositories/entities';
import type { ResourceDef } from '../services/entities';
import { ENTITY_COLUMNS, entityResponse, jsonObject, name, tags, text, timestamp } from './common';

export const INCIDENT_STATUSES = ['open', 'in_progress', 'resolved', 'closed', 'cancelled'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
type Status = (typeof INCIDENT_STATUSES)[number];

/** open → in_progress → resolved → closed; cancelled from open or in_progress; resolved may reopen. */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  open: ['in_progress', 'cancelled'],
  in_progress: ['resolved', 'cancelled'],
  resolved: ['closed', 'open'],
  closed: [],
  cancelled: [],
};

const minutesSince = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));

/** The columns a transition sets: timestamps and the response/resolution minutes, measured from creation. */
export function transition(existing: Row, to: Status, now = new Date()): Record<string, unknown> {
  const from = existing.status as Status;
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from];
    throw new AppError(
      409,
      'invalid-transition',
      'Invalid status transition',
      `an incident cannot go from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final state)'}`,
      { from, to, allowed },
    );
  }
  const created = existing.created_at as Date;
  switch (to) {
    case 'in_progress':
      return {
        status: to,
        started_at: existing.started_at ?? now,
        response_time_minutes: existing.response_time_minutes ?? minutesSince(created, now),
      };
    case 'resolved':
      return { status: to, resolved_at: now, resolution_time_minutes: minutesSince(created, now) };
    case 'closed':
      return { status: to, closed_at: now };
    case 'open':
      return { status: to, resolved_at: null, resolution_time_minutes: null };
    case 'cancelled':
      return { status: to, closed_at: now };
  }
}

const writable = {
  title: name(500),
  description: text.nullable().optional(),
  priority: z.enum(PRIORITIES).optional(),
  assigned_to: z.uuid().nullable().optional(),
  tags: tags.optional(),
  metadata: jsonObject.optional(),
};

const create = z.strictObject({ team_id: z.uuid(), ...writable });
const update = z.strictObject({
  ...writable,
  title: writable.title.optional(),
  team_id: z.uuid().optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
});
const listQuery = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  team_id: z.uuid().optional(),
  assigned_to: z.uuid().optional(),
  tag: z.string().min(1).max(100).optional(),
  created_since: timestamp.optional(),
  created_until: timestamp.optional(),
  q: z.string().min(1).max(200).optional(),
});

export function incidentsResource(metrics: Metrics): ResourceDef<typeof create, typeof update, typeof listQuery> {
  return {
    path: 'incidents',
    entity: 'incident',
    tag: 'incidents',
    table: 'incidents',
    columns: [
      ...ENTITY_COLUMNS,
      'team_id',
      'title',
      'description',
      'status',
      'priority',
      'assigned_to',
      'started_at',
      'resolved_at',
      'closed_at',
      'response_time_minutes',
      'resolution_time_minutes',
      'tags',
      'metadata',
    ],
    jsonb: ['metadata'],
    create,
    update,
    response: z.object({
      ...entityResponse,
      team_id: z.uuid(),
      title: z.string(),
      description: z.string().nullable(),
      status: z.enum(INCIDENT_STATUSES),
      priority: z.enum(PRIORITIES),
      assigned_to: z.uuid().nullable(),
      started_at: z.iso.datetime().nullable(),
      resolved_at: z.iso.datetime().nullable(),
      closed_at: z.iso.datetime().nullable(),
      response_time_minutes: z.int().nullable(),
      resolution_time_minutes: z.int().nullable(),
      tags: z.array(z.string()),
      metadata: z.record(z.string(), z.unknown()),
    }),
    listQuery,
    listFromReplica: true,
    filters: (q) => [
      ...filterIf(q.status, 'status = $1'),
      ...filterIf(q.priority, 'priority = $1'),
      ...filterIf(q.team_id, 'team_id = $1'),
      ...filterIf(q.assigned_to, 'assigned_to = $1'),
      ...filterIf(q.tag, 'tags @> ARRAY[$1]::text[]'),
      ...filterIf(q.created_since, 'created_at >= $1'),
      ...filterIf(q.created_until, 'created_at < $1'),
      ...filterIf(q.q, "search @@ plainto_tsquery('simple', $1)"),
    ],
    prepareUpdate: (existing, patch) => {
      const { status, ...rest } = patch;
      return status && status !== existing.status ? { ...rest, ...transition(existing, status) } : rest;
    },
    afterWrite: (event, row, before) => {
      if (event === 'create') metrics.incidentsCreated.inc({ priority: String(row.priority) });
      if (event === 'update' && row.status === 'resolved' && before?.status !== 'resolved') {
        metrics.incidentResolution.observe({ priority: String(row.priority) }, Number(row.resolution_time_minutes));
      }
    },
  };
}
