import { z } from 'zod';
import type { ApiRegistry } from '../http/api-registry';
import { name, slug } from '../resources/common';
import { email, password, username } from '../resources/users';
import type { AccountService } from '../services/accounts';
import type { EntityService } from '../services/entities';
import { usersResource } from '../resources/users';

const tokenResponse = z.object({ access_token: z.string(), token_type: z.literal('bearer'), expires_in: z.int() });

export function registerAuthRoutes(api: ApiRegistry, accounts: AccountService, entities: EntityService): void {
  api.add({
    method: 'post',
    path: '/v1/auth/signup',
    tag: 'auth',
    summary: 'Create an organization with its first team and owner; returns an access token',
    auth: 'none',
    body: z.strictObject({
      email,
      password,
      username,
      full_name: name(255).nullable().optional(),
      organization_name: name(255),
      organization_slug: slug.optional(),
      team_name: name(255),
    }),
    responses: {
      201: {
        description: 'Created',
        schema: tokenResponse.extend({ organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }) }),
      },
    },
    handler: async ({ body, ctx }) => ({ status: 201, body: await accounts.signup(body, ctx.requestId) }),
  });
  api.add({
    method: 'post',
    path: '/v1/auth/login',
    tag: 'auth',
    summary: 'Exchange email and password for an access token',
    auth: 'none',
    body: z.strictObject({ email, password: z.string().min(1).max(256), organization: slug.optional() }),
    responses: { 200: { description: 'Logged in', schema: tokenResponse } },
    handler: async ({ body }) => ({
      status: 200,
      body: await accounts.login(body.email, body.password, body.organization),
    }),
  });
  api.add({
    method: 'get',
    path: '/v1/me',
    tag: 'auth',
    summary: 'The calling principal: its user (or API key), organization role and team roles',
    responses: {
      200: {
        description: 'The principal',
        schema: z.object({
          kind: z.enum(['user', 'api_key']),
          id: z.uuid(),
          org_id: z.uuid(),
          role: z.string(),
          teams: z.record(z.string(), z.string()),
        }),
      },
    },
    handler: async ({ ctx }) => {
      const p = ctx.principal;
      const user =
        p.kind === 'user' ? entities.view(usersResource, await entities.get(usersResource, ctx, p.id)) : undefined;
      return {
        status: 200,
        body: {
          kind: p.kind,
          id: p.id,
          org_id: p.orgId,
          role: p.orgRole,
          teams: Object.fromEntries(p.teams),
          ...(user ? { user } : {}),
        },
      };
    },
  });
}
