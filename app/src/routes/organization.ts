import { z } from 'zod';
import { orgRoleAtLeast } from '../auth/principal';
import type { ApiRegistry } from '../http/api-registry';
import { etagOf } from '../http/etag';
import { ENTITY_COLUMNS, entityResponse, jsonObject, name, text } from '../resources/common';
import type { EntityService, ResourceDef } from '../services/entities';
import { authorizeOrgAdmin, forbidden } from '../services/permissions';

const OWNER_ONLY = [
  'settings',
  'max_teams',
  'max_users_per_team',
  'config_yaml',
  'config_json',
  'config_version',
  'is_active',
];
const update = z.strictObject({
  name: name(255).optional(),
  description: text.nullable().optional(),
  settings: jsonObject.optional(),
  max_teams: z.int().min(1).max(100_000).optional(),
  max_users_per_team: z.int().min(1).max(100_000).optional(),
  config_yaml: z.string().max(262_144).nullable().optional(),
  config_json: jsonObject.nullable().optional(),
  config_version: z.string().max(50).nullable().optional(),
});

/** The caller's own organization: read by everyone in it, named by admins, configured by owners. */
export const organizationResource: ResourceDef<typeof update, typeof update> = {
  path: 'organization',
  entity: 'organization',
  tag: 'organization',
  table: 'organizations',
  // Its own id is the tenant key: the entity columns without org_id.
  columns: [...ENTITY_COLUMNS.filter((c) => c !== 'org_id'), 'slug', 'is_active', ...Object.keys(update.shape)],
  jsonb: ['settings', 'config_json'],
  orgColumn: 'id',
  create: update,
  update,
  response: z.object({
    ...entityResponse,
    org_id: z.never().optional(),
    name: z.string(),
    slug: z.string(),
    description: z.string().nullable(),
    is_active: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    max_teams: z.int(),
    max_users_per_team: z.int(),
    config_yaml: z.string().nullable(),
    config_json: z.record(z.string(), z.unknown()).nullable(),
    config_version: z.string().nullable(),
  }),
  listFromReplica: false,
  authorize: (ctx, action) => {
    if (action !== 'read') authorizeOrgAdmin(ctx.principal, 'changing the organization');
  },
  prepareUpdate: (_existing, patch, ctx) => {
    const ownerFields = Object.keys(patch).filter((k) => OWNER_ONLY.includes(k));
    if (ownerFields.length && !orgRoleAtLeast(ctx.principal.orgRole, 'owner'))
      throw forbidden(`only owners change ${ownerFields.join(', ')}`);
    return patch;
  },
};

export function registerOrganizationRoutes(api: ApiRegistry, entities: EntityService): void {
  const def = organizationResource;
  api.add({
    method: 'get',
    path: '/v1/organization',
    tag: def.tag,
    summary: "The caller's organization",
    responses: { 200: { description: 'The organization', schema: def.response } },
    handler: async ({ ctx }) => {
      const row = await entities.get(def, ctx, ctx.principal.orgId);
      return { status: 200, body: row, headers: { etag: etagOf(row.version) } };
    },
  });
  api.add({
    method: 'patch',
    path: '/v1/organization',
    tag: def.tag,
    summary: "Update the caller's organization (If-Match honoured)",
    body: update,
    responses: { 200: { description: 'Updated', schema: def.response } },
    handler: async ({ ctx, body, headers }) => {
      const row = await entities.update(def, ctx, ctx.principal.orgId, body, headers['if-match']);
      return { status: 200, body: row, headers: { etag: etagOf(row.version) } };
    },
  });
}
