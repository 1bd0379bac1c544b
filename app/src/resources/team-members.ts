import { z } from 'zod';
import { TEAM_ROLES, teamRoleAtLeast, type TeamRole } from '../auth/principal';
import type { Queryable } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../http/errors';
import type { Row } from '../repositories/entities';
import type { ResourceDef } from '../services/entities';
import { authorizeTeamAdmin, forbidden, teamRole } from '../services/permissions';
import { ENTITY_COLUMNS, entityResponse } from './common';

const create = z.strictObject({ user_id: z.uuid(), role: z.enum(TEAM_ROLES).default('member') });
const update = z.strictObject({ role: z.enum(TEAM_ROLES) });

/** Nobody raises their own role, not even a team admin adding themselves to another team. */
function checkNotSelfRaise(ctx: RequestContext, userId: string, teamId: string, role: TeamRole): void {
  if (userId !== ctx.principal.id) return;
  const current = teamRole(ctx.principal, teamId);
  if (!teamRoleAtLeast(current, role)) throw forbidden('nobody raises their own role');
}

async function guardLastAdmin(tx: Queryable, existing: Row): Promise<void> {
  if (existing.role !== 'admin') return;
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM team_memberships WHERE team_id = $1 AND role = 'admin' AND deleted_at IS NULL AND id <> $2`,
    [existing.team_id, existing.id],
  );
  if (row!.n === 0) throw new AppError(409, 'last-admin', 'Last admin', 'a team must keep at least one admin');
}

export const teamMembersResource: ResourceDef<z.ZodObject, typeof update> = {
  path: 'team-members',
  entity: 'team_membership',
  tag: 'teams',
  table: 'team_memberships',
  columns: [...ENTITY_COLUMNS, 'team_id', 'user_id', 'role'],
  create: create.extend({ team_id: z.uuid() }),
  update,
  response: z.object({ ...entityResponse, team_id: z.uuid(), user_id: z.uuid(), role: z.enum(TEAM_ROLES) }),
  listFromReplica: false,
  authorize: (ctx, action, row) => {
    if (action !== 'read') authorizeTeamAdmin(ctx.principal, String(row.team_id), 'managing team members');
  },
  prepareCreate: (input, ctx) => {
    checkNotSelfRaise(ctx, String(input.user_id), String(input.team_id), input.role as TeamRole);
    return input;
  },
  prepareUpdate: async (existing, patch, ctx, tx) => {
    checkNotSelfRaise(ctx, String(existing.user_id), String(existing.team_id), patch.role);
    if (patch.role !== 'admin') await guardLastAdmin(tx, existing);
    return patch;
  },
  prepareDelete: async (existing, _ctx, tx) => {
    await guardLastAdmin(tx, existing);
    return {};
  },
};

export const memberCreate = create;
