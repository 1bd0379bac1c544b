// Redis as cache and rate-limit store: the real redis-server, stopped mid-test.
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { createRedis } from '../../../app/src/redis';
import { buildTestApp, silentLogger } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { freePort, startRedis, stopProcess, waitFor } from '../helpers/processes';
import { as, signup } from './helpers';

jest.setTimeout(60_000);
let database: TestDatabase;
let port: number;
let server: ChildProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  port = await freePort();
  server = await startRedis(port);
});
afterAll(async () => {
  await stopProcess(server);
  await database.drop();
});

async function appWithRedis(env: NodeJS.ProcessEnv = {}) {
  const redis = createRedis(`redis://127.0.0.1:${port}`, silentLogger);
  await redis.connect().catch(() => undefined);
  const built = await buildTestApp(database.appUrl, { redis, env: { REDIS_URL: `redis://127.0.0.1:${port}`, ...env } });
  return { ...built, redis, close: async () => (redis.disconnect(), built.close()) };
}

describe('with Redis', () => {
  it('API-key lookups are cached in Redis and the cache entry goes when the key is revoked', async () => {
    const ctx = await appWithRedis();
    try {
      const t = await signup(ctx.app);
      const key = (await as(ctx.app, t.owner).post('/v1/api-keys', { name: 'cached', role: 'viewer' })).body;
      expect((await as(ctx.app, key.token).get('/v1/incidents')).status).toBe(200);
      expect(await ctx.redis.exists(`brownie:apikey:${key.prefix}`)).toBe(1);
      await as(ctx.app, t.owner).delete(`/v1/api-keys/${key.id}`);
      expect(await ctx.redis.exists(`brownie:apikey:${key.prefix}`)).toBe(0);
      expect((await as(ctx.app, key.token).get('/v1/incidents')).status).toBe(401);
    } finally {
      await ctx.close();
    }
  });

  it('when a principal exceeds its budget, then 429 with Retry-After and RateLimit headers, counted in Redis', async () => {
    const ctx = await appWithRedis({ RATE_LIMIT_POINTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const t = await signup(ctx.app);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) {
        last = await as(ctx.app, t.owner).get('/v1/incidents');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(last!.headers['retry-after']).toMatch(/^\d+$/);
      expect(last!.headers['ratelimit-limit']).toBe('5');
      expect(last!.headers['ratelimit-remaining']).toBe('0');
      expect(last!.body.type).toContain('rate-limited');
      expect((await ctx.redis.keys('brownie:rl*')).length).toBeGreaterThan(0);
      expect((await request(ctx.app).get('/metrics')).text).toMatch(/brownie_rate_limited_total [1-9]/);
    } finally {
      await ctx.close();
    }
  });

  it('when Redis stops mid-test, then requests keep succeeding, readiness says degraded, and all is well once it is back', async () => {
    const ctx = await appWithRedis();
    try {
      const t = await signup(ctx.app);
      const key = (await as(ctx.app, t.owner).post('/v1/api-keys', { name: 'survivor', role: 'member' })).body;
      expect((await as(ctx.app, key.token).get('/v1/incidents')).status).toBe(200);
      await stopProcess(server);
      for (let i = 0; i < 5; i++) {
        expect(
          (await as(ctx.app, key.token).post('/v1/incidents', { team_id: t.teamId, title: `during outage ${i}` }))
            .status,
        ).toBe(201);
        expect((await as(ctx.app, t.owner).get('/v1/incidents')).status).toBe(200);
      }
      const ready = await request(ctx.app).get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      server = await startRedis(port);
      await waitFor(
        async () => (await request(ctx.app).get('/health/ready')).body.status === 'ready',
        10_000,
        'redis back',
      );
      expect((await as(ctx.app, key.token).get('/v1/incidents')).status).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});
