import { Client } from 'pg';
import request from 'supertest';
import { buildTestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { as, signup } from './helpers';

let database: TestDatabase;
let ctx: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  database = await createTestDatabase();
  // The same database behind a second pool named "replica": which pool a query uses shows in the metrics.
  ctx = await buildTestApp(database.appUrl, { readUrl: database.appUrl });
});
afterAll(async () => {
  await ctx.close();
  await database.drop();
});

const replicaQueries = async () => {
  const text = (await request(ctx.app).get('/metrics')).text;
  return Number(/brownie_db_queries_total\{pool="replica",outcome="ok"\} (\d+)/.exec(text)?.[1] ?? 0);
};

describe('read replica routing', () => {
  it('lists, the audit trail and stats aggregation read from the replica pool; writes and reads by id do not', async () => {
    const t = await signup(ctx.app);
    const api = as(ctx.app, t.owner);
    const start = await replicaQueries();
    const created = await api.post('/v1/incidents', { team_id: t.teamId, title: 'on primary' });
    await api.get(`/v1/incidents/${created.body.id}`);
    await api.patch(`/v1/incidents/${created.body.id}`, { title: 'still primary' });
    expect(await replicaQueries()).toBe(start);
    for (const url of ['/v1/incidents', '/v1/audit-events', '/v1/stats', '/v1/stats/aggregate?metric_name=m']) {
      const before = await replicaQueries();
      expect((await api.get(url)).status).toBe(200);
      expect({ url, grew: (await replicaQueries()) > before }).toEqual({ url, grew: true });
    }
  });
});

describe('business metrics', () => {
  it('totals are counted at scrape time across every organization, and counters follow the API', async () => {
    const a = await signup(ctx.app);
    const b = await signup(ctx.app);
    await as(ctx.app, a.owner).post('/v1/incidents', { team_id: a.teamId, title: 'x', priority: 'critical' });
    await as(ctx.app, b.owner).post('/v1/incidents', { team_id: b.teamId, title: 'y', priority: 'critical' });
    await as(ctx.app, b.owner).post('/v1/agent-configs', {
      team_id: b.teamId,
      name: 'a',
      agent_type: 'custom',
      is_active: false,
    });
    const text = (await request(ctx.app).get('/metrics')).text;
    const value = (pattern: string) => Number(new RegExp(`^${pattern} (\\d+)$`, 'm').exec(text)?.[1]);
    const owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    const { rows } = await owner.query(
      `SELECT (SELECT count(*)::int FROM organizations) AS orgs, (SELECT count(*)::int FROM users) AS users,
              (SELECT count(*)::int FROM incidents WHERE priority = 'critical' AND status = 'open') AS critical`,
    );
    await owner.end();
    expect(value('brownie_organizations_total')).toBe(rows[0].orgs);
    expect(value('brownie_users_total')).toBe(rows[0].users);
    expect(value('brownie_incidents_active\\{priority="critical"\\}')).toBe(rows[0].critical);
    expect(rows[0].orgs).toBeGreaterThanOrEqual(2);
    expect(value('brownie_agent_configs_total\\{active="false"\\}')).toBe(1);
    expect(value('brownie_incidents_created_total\\{priority="critical"\\}')).toBeGreaterThanOrEqual(2);
  });
});
