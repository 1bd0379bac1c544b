// Drives the in-process API as its clients do: sign up tenants, add users with roles, call with their tokens.
import type { Express } from 'express';
import request from 'supertest';

export interface Tenant {
  orgId: string;
  slug: string;
  teamId: string;
  owner: Caller;
}

export interface Caller {
  token: string;
  userId: string;
}

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
export const PASSWORD = 'correct horse battery staple';

export const as = (app: Express, caller: Caller | string) => {
  const token = typeof caller === 'string' ? caller : caller.token;
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
  return {
    get: (url: string) => auth(request(app).get(url)),
    post: (url: string, body?: object) => auth(request(app).post(url)).send(body ?? {}),
    patch: (url: string, body: object) => auth(request(app).patch(url)).send(body),
    delete: (url: string) => auth(request(app).delete(url)),
  };
};

export async function signup(app: Express, name = unique('org')): Promise<Tenant> {
  const res = await request(app)
    .post('/v1/auth/signup')
    .send({
      email: `owner@${name}.test`,
      password: PASSWORD,
      username: 'owner',
      organization_name: name,
      team_name: 'Ops',
    });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
  return {
    orgId: res.body.organization.id,
    slug: res.body.organization.slug,
    teamId: res.body.team.id,
    owner: { token: res.body.access_token, userId: res.body.user.id },
  };
}

/** A user of the tenant with an organization role and, optionally, a role on the tenant's first team. */
export async function addUser(app: Express, tenant: Tenant, orgRole: string, teamRole?: string): Promise<Caller> {
  const username = unique(orgRole).slice(0, 90);
  const email = `${username}@${tenant.slug}.test`;
  const created = await as(app, tenant.owner).post('/v1/users', { email, username, role: orgRole, password: PASSWORD });
  if (created.status !== 201) throw new Error(`user create failed: ${created.status} ${created.text}`);
  if (teamRole) {
    const member = await as(app, tenant.owner).post(`/v1/teams/${tenant.teamId}/members`, {
      user_id: created.body.id,
      role: teamRole,
    });
    if (member.status !== 201) throw new Error(`membership failed: ${member.status} ${member.text}`);
  }
  const login = await request(app)
    .post('/v1/auth/login')
    .send({ email, password: PASSWORD, organization: tenant.slug });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  return { token: login.body.access_token, userId: created.body.id };
}
