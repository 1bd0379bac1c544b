// Every cell of the permission matrix in docs/permissions.md, allowed and denied, through the HTTP API.
import type { Response } from 'supertest';
import { addUser, as, signup, unique, type Tenant } from './helpers';
import { useApi } from './setup';

const env = useApi();
const PRINCIPALS = [
  'owner',
  'admin',
  'teamAdmin',
  'teamMember',
  'teamViewer',
  'noTeam',
  'viewer',
  'keyAdmin',
  'keyMember',
  'keyViewer',
] as const;
type Who = (typeof PRINCIPALS)[number];
type Api = ReturnType<typeof as>;

let tenant: Tenant;
const tokens = {} as Record<Who, string>;
const app = () => env.api.app;
const owner = () => as(app(), tenant.owner);

async function ownerCreates(path: string, body: object): Promise<string> {
  const res = await owner().post(path, body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
  return res.body.id;
}
const incident = () => ownerCreates('/v1/incidents', { team_id: tenant.teamId, title: 'rbac' });

/** [what, who may do it, the request]: everyone else must get 403. */
const MATRIX: [string, Who[], (api: Api) => Promise<Response>][] = [
  ['read incidents', [...PRINCIPALS], (api) => api.get('/v1/incidents')],
  ['read users', [...PRINCIPALS], (api) => api.get('/v1/users')],
  ['read teams', [...PRINCIPALS], (api) => api.get('/v1/teams')],
  [
    'create an incident in the team',
    ['owner', 'admin', 'teamAdmin', 'teamMember', 'keyAdmin', 'keyMember'],
    (api) => api.post('/v1/incidents', { team_id: tenant.teamId, title: 't' }),
  ],
  [
    'update an incident of the team',
    ['owner', 'admin', 'teamAdmin', 'teamMember', 'keyAdmin', 'keyMember'],
    async (api) => api.patch(`/v1/incidents/${await incident()}`, { title: 'u' }),
  ],
  [
    'delete an incident of the team',
    ['owner', 'admin', 'teamAdmin', 'keyAdmin'],
    async (api) => api.delete(`/v1/incidents/${await incident()}`),
  ],
  [
    'restore an incident of the team',
    ['owner', 'admin', 'teamAdmin', 'keyAdmin'],
    async (api) => {
      const id = await incident();
      await owner().delete(`/v1/incidents/${id}`);
      return api.post(`/v1/incidents/${id}/restore`);
    },
  ],
  [
    'create an agent config in the team',
    ['owner', 'admin', 'teamAdmin', 'teamMember', 'keyAdmin', 'keyMember'],
    (api) => api.post('/v1/agent-configs', { team_id: tenant.teamId, name: unique('agent'), agent_type: 'monitoring' }),
  ],
  [
    'write a stat for the team',
    ['owner', 'admin', 'teamAdmin', 'teamMember', 'keyAdmin', 'keyMember'],
    (api) =>
      api.post('/v1/stats', {
        team_id: tenant.teamId,
        metric_name: 'm',
        metric_type: 'gauge',
        value: 1,
        timestamp: new Date().toISOString(),
      }),
  ],
  [
    'create an organization-wide config',
    ['owner', 'admin', 'keyAdmin', 'keyMember'],
    (api) => api.post('/v1/configs', { name: unique('cfg'), config_type: 'global' }),
  ],
  ['create a team', ['owner', 'admin', 'keyAdmin'], (api) => api.post('/v1/teams', { name: unique('team') })],
  [
    'rename the team',
    ['owner', 'admin', 'teamAdmin', 'keyAdmin'],
    (api) => api.patch(`/v1/teams/${tenant.teamId}`, { description: unique('d') }),
  ],
  [
    'delete a team',
    ['owner', 'admin', 'keyAdmin'],
    async (api) => api.delete(`/v1/teams/${await ownerCreates('/v1/teams', { name: unique('doomed') })}`),
  ],
  [
    'add a member to the team',
    ['owner', 'admin', 'teamAdmin', 'keyAdmin'],
    async (api) => {
      const username = unique('m');
      const user = await ownerCreates('/v1/users', { email: `${username}@x.test`, username });
      return api.post(`/v1/teams/${tenant.teamId}/members`, { user_id: user, role: 'member' });
    },
  ],
  [
    'add a user to the organization',
    ['owner', 'admin', 'keyAdmin'],
    (api) => {
      const username = unique('n');
      return api.post('/v1/users', { email: `${username}@x.test`, username, role: 'member' });
    },
  ],
  [
    'make a user an owner',
    ['owner'],
    async (api) => {
      const username = unique('o');
      return api.patch(`/v1/users/${await ownerCreates('/v1/users', { email: `${username}@x.test`, username })}`, {
        role: 'owner',
      });
    },
  ],
  [
    'create an API key',
    ['owner', 'admin', 'keyAdmin'],
    (api) => api.post('/v1/api-keys', { name: 'k', role: 'viewer' }),
  ],
  ['read the audit trail', ['owner', 'admin', 'keyAdmin'], (api) => api.get('/v1/audit-events')],
  [
    'rename the organization',
    ['owner', 'admin', 'keyAdmin'],
    (api) => api.patch('/v1/organization', { description: unique('d') }),
  ],
  [
    "change the organization's settings",
    ['owner'],
    (api) => api.patch('/v1/organization', { settings: { tier: 'gold' } }),
  ],
];

beforeAll(async () => {
  tenant = await signup(app());
  // The matrix creates many teams; the default limit of 10 is tested on its own.
  await owner().patch('/v1/organization', { max_teams: 1000 });
  tokens.owner = tenant.owner.token;
  tokens.admin = (await addUser(app(), tenant, 'admin')).token;
  tokens.teamAdmin = (await addUser(app(), tenant, 'member', 'admin')).token;
  tokens.teamMember = (await addUser(app(), tenant, 'member', 'member')).token;
  tokens.teamViewer = (await addUser(app(), tenant, 'member', 'viewer')).token;
  tokens.noTeam = (await addUser(app(), tenant, 'member')).token;
  tokens.viewer = (await addUser(app(), tenant, 'viewer', 'member')).token;
  for (const [who, role] of [
    ['keyAdmin', 'admin'],
    ['keyMember', 'member'],
    ['keyViewer', 'viewer'],
  ] as const) {
    tokens[who] = (await owner().post('/v1/api-keys', { name: who, role })).body.token;
  }
});

describe.each(MATRIX)('%s', (_what, allowed, call) => {
  it.each(PRINCIPALS.map((who) => [who, allowed.includes(who)] as const))('%s: allowed=%s', async (who, isAllowed) => {
    const res = await call(as(app(), tokens[who]));
    if (isAllowed)
      expect({ who, status: res.status, ok: res.status < 300 }).toEqual({ who, status: res.status, ok: true });
    else expect({ who, status: res.status }).toEqual({ who, status: 403 });
  });
});

describe('limits', () => {
  it('when the organization has max_teams teams, then creating another is 422 and nothing is created', async () => {
    const small = await signup(app());
    await as(app(), small.owner).patch('/v1/organization', { max_teams: 2 });
    expect((await as(app(), small.owner).post('/v1/teams', { name: 'second' })).status).toBe(201);
    const third = await as(app(), small.owner).post('/v1/teams', { name: 'third' });
    expect(third.status).toBe(422);
    expect((await as(app(), small.owner).get('/v1/teams')).body.items).toHaveLength(2);
  });
});

describe('roles cannot be raised from below', () => {
  it('nobody changes their own role, and the last owner cannot be demoted', async () => {
    const me = await as(app(), tokens.admin).get('/v1/me');
    expect((await as(app(), tokens.admin).patch(`/v1/users/${me.body.id}`, { role: 'owner' })).status).toBe(403);
    const demote = await owner().patch(`/v1/users/${tenant.owner.userId}`, { role: 'admin' });
    expect(demote.status).toBe(403);
    const solo = await signup(app());
    const newOwner = await addUser(app(), solo, 'owner');
    expect((await as(app(), newOwner).patch(`/v1/users/${solo.owner.userId}`, { role: 'admin' })).status).toBe(200);
    expect((await as(app(), solo.owner).patch(`/v1/users/${newOwner.userId}`, { role: 'admin' })).status).toBe(403);
    const lastOwner = await as(app(), newOwner).patch(`/v1/users/${newOwner.userId}`, { is_active: false });
    expect(lastOwner.status).toBe(409);
  });

  it('a team admin cannot make themselves admin of another team, and the last team admin stays', async () => {
    const teamAdmin = await as(app(), tokens.teamAdmin).get('/v1/me');
    const otherTeam = await ownerCreates('/v1/teams', { name: unique('other') });
    const self = await as(app(), tokens.teamAdmin).post(`/v1/teams/${otherTeam}/members`, {
      user_id: teamAdmin.body.id,
      role: 'admin',
    });
    expect(self.status).toBe(403);
    const solo = await signup(app());
    const last = await as(app(), solo.owner).delete(`/v1/teams/${solo.teamId}/members/${solo.owner.userId}`);
    expect(last.status).toBe(409);
    expect(last.body.type).toContain('last-admin');
  });
});
