import { z } from 'zod';
import { filterIf } from '../repositories/entities';
import type { ResourceDef } from '../services/entities';
import { bool, ENTITY_COLUMNS, entityResponse, jsonObject, name, tags, text } from './common';

export const CONFIG_TYPES = ['organization', 'team', 'alert', 'agent', 'global'] as const;
export const CONFIG_STATUSES = ['draft', 'active', 'deprecated', 'archived'] as const;

/** A pattern must compile, so a bad one is refused here rather than by whatever evaluates it later. */
const pattern = z
  .string()
  .max(500)
  .refine(
    (p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'expected a valid regular expression' },
  )
  .nullable()
  .optional();

const writable = {
  name: name(255),
  description: text.nullable().optional(),
  config_type: z.enum(CONFIG_TYPES),
  status: z.enum(CONFIG_STATUSES).optional(),
  name_pattern: pattern,
  severity_pattern: pattern,
  team_pattern: pattern,
  priority: z.int().min(-1_000_000).max(1_000_000).optional(),
  is_global: z.boolean().optional(),
  is_active: z.boolean().optional(),
  config_yaml: z.string().max(262_144).nullable().optional(),
  config_json: jsonObject.nullable().optional(),
  config_version: z.string().max(50).nullable().optional(),
  tags: tags.optional(),
  metadata: jsonObject.optional(),
};
const create = z.strictObject({ team_id: z.uuid().nullable().optional(), ...writable });
const update = z.strictObject({
  ...writable,
  name: writable.name.optional(),
  config_type: writable.config_type.optional(),
});
const listQuery = z.object({
  team_id: z.uuid().optional(),
  config_type: z.enum(CONFIG_TYPES).optional(),
  status: z.enum(CONFIG_STATUSES).optional(),
  is_active: bool.optional(),
});

/** Team configs follow the team's rules; organization-wide ones (no team) are written by admins only. */
export const configsResource: ResourceDef<typeof create, typeof update, typeof listQuery> = {
  path: 'configs',
  entity: 'config',
  tag: 'configs',
  table: 'configs',
  columns: [...ENTITY_COLUMNS, 'team_id', ...Object.keys(writable)],
  jsonb: ['config_json', 'metadata'],
  create,
  update,
  response: z.object({
    ...entityResponse,
    team_id: z.uuid().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    config_type: z.enum(CONFIG_TYPES),
    status: z.enum(CONFIG_STATUSES),
    name_pattern: z.string().nullable(),
    severity_pattern: z.string().nullable(),
    team_pattern: z.string().nullable(),
    priority: z.int(),
    is_global: z.boolean(),
    is_active: z.boolean(),
    config_yaml: z.string().nullable(),
    config_json: z.record(z.string(), z.unknown()).nullable(),
    config_version: z.string().nullable(),
    tags: z.array(z.string()),
    metadata: z.record(z.string(), z.unknown()),
  }),
  listQuery,
  listFromReplica: true,
  filters: (q) => [
    ...filterIf(q.team_id, 'team_id = $1'),
    ...filterIf(q.config_type, 'config_type = $1'),
    ...filterIf(q.status, 'status = $1'),
    ...filterIf(q.is_active, 'is_active = $1'),
  ],
};
