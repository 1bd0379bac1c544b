// Property: whatever principals of several organizations request, no response ever carries another organization's
// data, and no other organization's row changes. Run twice: as shipped, and with the service's own tenant filter
// off, to prove row-level security alone holds.
import fc from 'fast-check';
import type { Response } from 'supertest';
import { buildTestApp } from '../helpers/app';
import { as, signup, type Tenant } from './helpers';
import { useApi } from './setup';

const env = useApi();
const RESOURCES = ['incidents', 'agent-configs', 'configs', 'stats', 'teams', 'users', 'api-keys'] as const;
/** A valid change for each resource, so the request reaches the lookup instead of failing validation. */
const PATCH: Record<(typeof RESOURCES)[number], object> = {
  incidents: { description: 'pwned' },
  'agent-configs': { description: 'pwned' },
  configs: { description: 'pwned' },
  stats: { description: 'pwned' },
  teams: { description: 'pwned' },
  users: { full_name: 'pwned' },
  'api-keys': { name: 'pwned' },
};

interface World {
  tenants: Tenant[];
  /** Every id each tenant owns, per resource: the secrets another tenant must never see. */
  owned: Map<string, Set<string>>;
}

async function seed(app: Parameters<typeof as>[0]): Promise<World> {
  const tenants = [await signup(app), await signup(app), await signup(app)];
  const owned = new Map<string, Set<string>>();
  for (const t of tenants) {
    const api = as(app, t.owner);
    const ids = new Set<string>([t.orgId, t.teamId, t.owner.userId]);
    const create = async (path: string, body: object) => ids.add((await api.post(path, body)).body.id);
    await create('/v1/incidents', { team_id: t.teamId, title: `secret of ${t.slug}` });
    await create('/v1/agent-configs', { team_id: t.teamId, name: `agent of ${t.slug}`, agent_type: 'analysis' });
    await create('/v1/configs', { name: `config of ${t.slug}`, config_type: 'alert' });
    await create('/v1/stats', {
      metric_name: 'm',
      metric_type: 'gauge',
      value: 1,
      timestamp: new Date().toISOString(),
    });
    await create('/v1/api-keys', { name: `key of ${t.slug}`, role: 'viewer' });
    owned.set(t.orgId, ids);
  }
  return { tenants, owned };
}

const request = fc.record({
  caller: fc.nat(2),
  victim: fc.nat(2),
  resource: fc.constantFrom(...RESOURCES),
  verb: fc.constantFrom('list', 'get', 'patch', 'delete', 'restore'),
  pick: fc.nat(),
});

type Attack = typeof request extends fc.Arbitrary<infer T> ? T : never;

const targetOf = (world: World, r: Attack) => {
  const victimIds = [...world.owned.get(world.tenants[r.victim]!.orgId)!];
  return victimIds[r.pick % victimIds.length]!;
};

async function attack(app: Parameters<typeof as>[0], world: World, r: Attack): Promise<Response> {
  const caller = world.tenants[r.caller]!;
  const target = targetOf(world, r);
  const api = as(app, caller.owner);
  const path = `/v1/${r.resource}`;
  switch (r.verb) {
    case 'list':
      return api.get(`${path}?limit=200&include_deleted=true`);
    case 'get':
      return api.get(`${path}/${target}?include_deleted=true`);
    case 'patch':
      return api.patch(`${path}/${target}`, PATCH[r.resource]);
    case 'delete':
      return api.delete(`${path}/${target}`);
    default:
      return api.post(`${path}/${target}/restore`);
  }
}

async function checkIsolation(app: Parameters<typeof as>[0]) {
  const world = await seed(app);
  const snapshot = async () =>
    (
      await env.owner.query(`SELECT string_agg(id::text || version, ',' ORDER BY id) AS s FROM (
      SELECT id, version FROM incidents UNION ALL SELECT id, version FROM agent_configs UNION ALL SELECT id, version FROM configs
      UNION ALL SELECT id, version FROM stats UNION ALL SELECT id, version FROM teams UNION ALL SELECT id, version FROM users
      UNION ALL SELECT id, version FROM api_keys) x`)
    ).rows[0].s as string;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const callerOrg = world.tenants[r.caller]!.orgId;
      const before = r.caller === r.victim ? '' : await snapshot();
      const res = await attack(app, world, r);
      expect(res.status).toBeLessThan(500);
      const body = JSON.stringify(res.body);
      // The id the caller asked for may be echoed back in a 404; any other foreign id is a leak.
      const asked = r.verb === 'list' ? undefined : targetOf(world, r);
      for (const [org, ids] of world.owned) {
        if (org === callerOrg) continue;
        for (const id of ids) if (id !== asked) expect(body).not.toContain(id);
      }
      if (r.caller !== r.victim) {
        // Another organization's resource does not exist for the caller: 404, never a 403 that confirms it.
        if (r.verb !== 'list') expect(res.status).toBe(404);
        expect(await snapshot()).toBe(before);
      }
    }),
    { numRuns: 150, seed: 4242 },
  );
}

describe('tenant isolation (property-based)', () => {
  it('with the service checks and RLS: no response carries another organization’s data, nothing of theirs changes', async () => {
    await checkIsolation(env.api.app);
  });

  it('with the service’s own tenant filter off, RLS alone still isolates every tenant', async () => {
    const rlsOnly = await buildTestApp(env.database.appUrl, { rlsOnly: true });
    try {
      await checkIsolation(rlsOnly.app);
    } finally {
      await rlsOnly.close();
    }
  });
});
