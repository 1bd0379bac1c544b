import { z } from 'zod';
import { filterIf } from '../repositories/entities';
import type { ResourceDef } from '../services/entities';
import { bool, ENTITY_COLUMNS, entityResponse, jsonObject, name, tags, text } from './common';

export const AGENT_TYPES = ['incident_response', 'monitoring', 'analysis', 'notification', 'custom'] as const;

const writable = {
  name: name(255),
  description: text.nullable().optional(),
  agent_type: z.enum(AGENT_TYPES),
  is_active: z.boolean().optional(),
  config: jsonObject.optional(),
  execution_timeout_seconds: z.int().min(1).max(86_400).optional(),
  max_retries: z.int().min(0).max(100).optional(),
  retry_delay_seconds: z.int().min(1).max(86_400).optional(),
  triggers: jsonObject.optional(),
  conditions: jsonObject.optional(),
  tags: tags.optional(),
  metadata: jsonObject.optional(),
};
const create = z.strictObject({ team_id: z.uuid(), ...writable });
const update = z.strictObject({
  ...writable,
  name: writable.name.optional(),
  agent_type: writable.agent_type.optional(),
  team_id: z.uuid().optional(),
});
const listQuery = z.object({
  team_id: z.uuid().optional(),
  agent_type: z.enum(AGENT_TYPES).optional(),
  is_active: bool.optional(),
});

export const agentConfigsResource: ResourceDef<typeof create, typeof update, typeof listQuery> = {
  path: 'agent-configs',
  entity: 'agent_config',
  tag: 'agent-configs',
  table: 'agent_configs',
  columns: [...ENTITY_COLUMNS, 'team_id', ...Object.keys(writable)],
  jsonb: ['config', 'triggers', 'conditions', 'metadata'],
  create,
  update,
  response: z.object({
    ...entityResponse,
    team_id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    agent_type: z.enum(AGENT_TYPES),
    is_active: z.boolean(),
    config: z.record(z.string(), z.unknown()),
    execution_timeout_seconds: z.int(),
    max_retries: z.int(),
    retry_delay_seconds: z.int(),
    triggers: z.record(z.string(), z.unknown()),
    conditions: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    metadata: z.record(z.string(), z.unknown()),
  }),
  listQuery,
  listFromReplica: true,
  filters: (q) => [
    ...filterIf(q.team_id, 'team_id = $1'),
    ...filterIf(q.agent_type, 'agent_type = $1'),
    ...filterIf(q.is_active, 'is_active = $1'),
  ],
};
