import { z } from 'zod';
import type { ApiRegistry } from '../http/api-registry';
import { etagOf } from '../http/etag';
import { uuid } from '../http/validation';
import { page, pageQuery } from '../repositories/pagination';
import { memberCreate, teamMembersResource as def } from '../resources/team-members';
import { notFound, type EntityService } from '../services/entities';
import type { RequestContext } from '../http/context';
import { findRow } from '../repositories/entities';
import type { Database } from '../db/database';

const teamParams = z.object({ teamId: uuid });
const memberParams = z.object({ teamId: uuid, userId: uuid });

export function registerTeamMemberRoutes(api: ApiRegistry, entities: EntityService, db: Database): void {
  const base = '/v1/teams/:teamId/members';
  /** The live membership of a user in a team (404 when the team or membership is not in the caller's org). */
  async function membershipId(ctx: RequestContext, teamId: string, userId: string): Promise<string> {
    const [row] = await db.tenantTransaction(ctx.principal.orgId, (tx) =>
      tx.query<{ id: string }>(
        'SELECT id FROM team_memberships WHERE team_id = $1 AND user_id = $2 AND deleted_at IS NULL',
        [teamId, userId],
      ),
    );
    if (!row) throw notFound({ entity: 'team membership' }, `${teamId}/${userId}`);
    return row.id;
  }
  async function teamExists(ctx: RequestContext, teamId: string): Promise<void> {
    const team = await db.tenantTransaction(ctx.principal.orgId, (tx) =>
      findRow(tx, { table: 'teams', columns: ['id', 'version'] }, teamId),
    );
    if (!team) throw notFound({ entity: 'team' }, teamId);
  }
  const reply = (status: number, row: Awaited<ReturnType<EntityService['get']>>) => ({
    status,
    body: row,
    headers: { etag: etagOf(row.version) },
  });

  api.add({
    method: 'get',
    path: base,
    tag: def.tag,
    summary: "List a team's members",
    params: teamParams,
    query: pageQuery,
    responses: { 200: { description: 'A page', schema: page(def.response) } },
    handler: async ({ params, query, ctx }) => {
      await teamExists(ctx, params.teamId);
      return {
        status: 200,
        body: await entities.list(
          { ...def, filters: () => [{ sql: 'team_id = $1', params: [params.teamId] }] },
          ctx,
          query,
        ),
      };
    },
  });
  api.add({
    method: 'post',
    path: base,
    tag: def.tag,
    summary: 'Add a user to a team with a role (team or organization admins)',
    params: teamParams,
    body: memberCreate,
    responses: { 201: { description: 'Added', schema: def.response } },
    handler: async ({ params, body, ctx }) => {
      await teamExists(ctx, params.teamId);
      return reply(201, await entities.create(def, ctx, { ...body, team_id: params.teamId }));
    },
  });
  api.add({
    method: 'patch',
    path: `${base}/:userId`,
    tag: def.tag,
    summary: "Change a member's team role (the last admin cannot be demoted)",
    params: memberParams,
    body: def.update,
    responses: { 200: { description: 'Changed', schema: def.response } },
    handler: async ({ params, body, ctx, headers }) =>
      reply(
        200,
        await entities.update(
          def,
          ctx,
          await membershipId(ctx, params.teamId, params.userId),
          body,
          headers['if-match'],
        ),
      ),
  });
  api.add({
    method: 'delete',
    path: `${base}/:userId`,
    tag: def.tag,
    summary: 'Remove a user from a team (the last admin cannot be removed)',
    params: memberParams,
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params, ctx, headers }) => {
      await entities.remove(def, ctx, await membershipId(ctx, params.teamId, params.userId), headers['if-match']);
      return { status: 204 };
    },
  });
}
