import { z } from 'zod';
import { AppError } from '../http/errors';
import type { ResourceDef } from '../services/entities';
import { authorizeOrgAdmin, authorizeTeamAdmin } from '../services/permissions';
import { ENTITY_COLUMNS, entityResponse, jsonObject, name, slug, slugify, text } from './common';

const writable = {
  name: name(255),
  slug: slug.optional(),
  description: text.nullable().optional(),
  is_active: z.boolean().optional(),
  settings: jsonObject.optional(),
  permissions: jsonObject.optional(),
};
const create = z.strictObject(writable);
const update = z.strictObject({ ...writable, name: writable.name.optional() });

/** Created and deleted by organization admins; renamed and configured by the team's own admins too. */
export const teamsResource: ResourceDef<typeof create, typeof update> = {
  path: 'teams',
  entity: 'team',
  tag: 'teams',
  table: 'teams',
  columns: [...ENTITY_COLUMNS, ...Object.keys(writable)],
  jsonb: ['settings', 'permissions'],
  create,
  update,
  response: z.object({
    ...entityResponse,
    name: z.string(),
    slug: z.string(),
    description: z.string().nullable(),
    is_active: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    permissions: z.record(z.string(), z.unknown()),
  }),
  listFromReplica: false,
  authorize: (ctx, action, row) => {
    if (action === 'read') return;
    if (action === 'update') authorizeTeamAdmin(ctx.principal, String(row.id), 'changing a team');
    else authorizeOrgAdmin(ctx.principal, `${action === 'create' ? 'creating' : 'deleting'} a team`);
  },
  prepareCreate: async (input, _ctx, tx) => {
    const [limits] = await tx.query<{ max_teams: number; teams: number }>(
      `SELECT o.max_teams, (SELECT count(*)::int FROM teams WHERE deleted_at IS NULL) AS teams FROM organizations o`,
    );
    if (limits && limits.teams >= limits.max_teams) {
      throw new AppError(422, 'limit-reached', 'Limit reached', `the organization allows ${limits.max_teams} teams`);
    }
    return { ...input, slug: input.slug ?? slugify(input.name) };
  },
};
