import { z } from 'zod';
import { hashPassword } from '../auth/passwords';
import { ORG_ROLES, orgRoleAtLeast, type OrgRole } from '../auth/principal';
import type { Queryable } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../http/errors';
import type { Row } from '../repositories/entities';
import type { ResourceDef } from '../services/entities';
import { authorizeOrgAdmin, forbidden } from '../services/permissions';
import { ENTITY_COLUMNS, entityResponse, jsonObject, name } from './common';

export const password = z
  .string()
  .min(10, { error: 'at least 10 characters' })
  .max(256, { error: 'at most 256 characters' });
export const email = z.email({ error: 'expected an email address' }).max(255);
export const username = z
  .string()
  .min(3)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, { error: 'letters, digits, _ . -' });

const profile = {
  full_name: name(255).nullable().optional(),
  avatar_url: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .max(500)
    .nullable()
    .optional(),
  preferences: jsonObject.optional(),
  password: password.optional(),
};
const create = z.strictObject({
  email,
  username,
  role: z.enum(ORG_ROLES).default('member'),
  is_verified: z.boolean().optional(),
  ...profile,
});
const update = z.strictObject({
  ...profile,
  email: email.optional(),
  username: username.optional(),
  role: z.enum(ORG_ROLES).optional(),
  is_active: z.boolean().optional(),
});
/** What a user may change about themselves without being an admin. */
const SELF_SERVICE = new Set(['full_name', 'avatar_url', 'preferences', 'password']);

async function otherOwners(tx: Queryable, userId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE role = 'owner' AND is_active AND deleted_at IS NULL AND id <> $1`,
    [userId],
  );
  return row!.n;
}

/** Nobody grants a role above their own, and only owners touch owners. */
function checkRoleGrant(ctx: RequestContext, role: OrgRole, target?: Row): void {
  if (!orgRoleAtLeast(ctx.principal.orgRole, role)) throw forbidden(`granting ${role} needs the ${role} role`);
  if (target?.role === 'owner' && ctx.principal.orgRole !== 'owner') throw forbidden('only owners change an owner');
}

async function withPasswordHash<T extends { password?: string }>(
  input: T,
): Promise<Omit<T, 'password'> & { password_hash?: string }> {
  const { password: plain, ...rest } = input;
  return plain === undefined ? rest : { ...rest, password_hash: await hashPassword(plain) };
}

export const usersResource: ResourceDef<typeof create, typeof update> = {
  path: 'users',
  entity: 'user',
  tag: 'users',
  table: 'users',
  columns: [
    ...ENTITY_COLUMNS,
    'email',
    'username',
    'full_name',
    'avatar_url',
    'role',
    'is_active',
    'is_verified',
    'oidc_provider',
    'oidc_subject',
    'preferences',
    'last_login_at',
  ],
  jsonb: ['preferences'],
  create,
  update,
  response: z.object({
    ...entityResponse,
    email: z.string(),
    username: z.string(),
    full_name: z.string().nullable(),
    avatar_url: z.string().nullable(),
    role: z.enum(ORG_ROLES),
    is_active: z.boolean(),
    is_verified: z.boolean(),
    oidc_provider: z.string().nullable(),
    oidc_subject: z.string().nullable(),
    preferences: z.record(z.string(), z.unknown()),
    last_login_at: z.iso.datetime().nullable(),
  }),
  listFromReplica: false,
  authorize: (ctx, action, row) => {
    if (action === 'read') return;
    // Users edit their own profile; prepareUpdate limits which fields.
    if (action === 'update' && row.id === ctx.principal.id) return;
    authorizeOrgAdmin(
      ctx.principal,
      `${action === 'create' ? 'adding' : action === 'update' ? 'changing' : 'removing'} a user`,
    );
    if (action === 'delete' && row.id === ctx.principal.id) throw forbidden('you cannot remove yourself');
    if (action !== 'create' && row.role === 'owner' && ctx.principal.orgRole !== 'owner')
      throw forbidden('only owners change an owner');
  },
  prepareCreate: async (input, ctx) => {
    checkRoleGrant(ctx, input.role);
    return withPasswordHash(input);
  },
  prepareUpdate: async (existing, patch, ctx, tx) => {
    const isAdmin = orgRoleAtLeast(ctx.principal.orgRole, 'admin');
    const self = existing.id === ctx.principal.id;
    const restricted = Object.keys(patch).filter((k) => !SELF_SERVICE.has(k));
    if (self && restricted.length && !(isAdmin && !('role' in patch))) {
      throw forbidden(
        'role' in patch ? 'nobody changes their own role' : `only admins change ${restricted.join(', ')}`,
      );
    }
    if (patch.role !== undefined && patch.role !== existing.role) {
      checkRoleGrant(ctx, patch.role, existing);
      if (existing.role === 'owner' && (await otherOwners(tx, existing.id)) === 0) {
        throw new AppError(409, 'last-owner', 'Last owner', 'the organization must keep at least one active owner');
      }
    }
    if (patch.is_active === false && existing.role === 'owner' && (await otherOwners(tx, existing.id)) === 0) {
      throw new AppError(409, 'last-owner', 'Last owner', 'the organization must keep at least one active owner');
    }
    return withPasswordHash(patch);
  },
};
