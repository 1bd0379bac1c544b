import { z } from 'zod';
import { API_KEY_ROLES } from '../auth/principal';
import type { ResourceDef } from '../services/entities';
import { authorizeOrgAdmin } from '../services/permissions';
import { ENTITY_COLUMNS, entityResponse, name, timestamp } from './common';

export const apiKeyCreate = z.strictObject({
  name: name(255),
  role: z.enum(API_KEY_ROLES),
  expires_at: timestamp
    .refine((t) => new Date(t) > new Date(), { error: 'must be in the future' })
    .nullable()
    .optional(),
});
const update = z.strictObject({ name: name(255).optional(), role: z.enum(API_KEY_ROLES).optional() });

/** Managed by organization admins; the secret is shown once at creation and stored only as a hash. */
export function apiKeysResource(
  invalidate: (prefix: string) => Promise<void>,
): ResourceDef<typeof apiKeyCreate, typeof update> {
  return {
    path: 'api-keys',
    entity: 'api_key',
    tag: 'api-keys',
    table: 'api_keys',
    columns: [...ENTITY_COLUMNS, 'name', 'role', 'prefix', 'last_used_at', 'expires_at', 'revoked_at'],
    create: apiKeyCreate,
    update,
    response: z.object({
      ...entityResponse,
      name: z.string(),
      role: z.enum(API_KEY_ROLES),
      prefix: z.string(),
      last_used_at: z.iso.datetime().nullable(),
      expires_at: z.iso.datetime().nullable(),
      revoked_at: z.iso.datetime().nullable(),
    }),
    listFromReplica: false,
    authorize: (ctx) => authorizeOrgAdmin(ctx.principal, 'managing API keys'),
    prepareDelete: () => ({ revoked_at: new Date() }),
    // A revoked key or a changed role must not live on in the cache.
    afterWrite: async (event, row) => {
      if (event !== 'create') await invalidate(String(row.prefix));
    },
  };
}
