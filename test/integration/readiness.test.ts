// Readiness follows the real dependencies: an embedded PostgreSQL we stop and start, a redis-server we kill.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../app/src/db/embedded';
import { createRedis } from '../../app/src/redis';
import { buildTestApp, silentLogger } from './helpers/app';
import { freePort, startRedis, stopProcess, waitFor } from './helpers/processes';
import { createTestDatabase, type TestDatabase } from './helpers/postgres';

jest.setTimeout(60_000);

describe('readiness when PostgreSQL stops', () => {
  let dir: string;
  let pg: EmbeddedDatabase;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'brownie-ready-'));
    port = await freePort();
    pg = await startEmbeddedPostgres(path.join(dir, 'pg'), port, silentLogger);
  });
  afterAll(async () => {
    await pg.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the database stops, then readiness is 503 while liveness stays 200, and 200 again once it is back', async () => {
    const { app, db } = await buildTestApp(pg.ownerUrl);
    try {
      const ready = await request(app).get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { database: expect.objectContaining({ status: 'up' }) } });

      await pg.stop();
      const down = await request(app).get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.checks.database.status).toBe('down');
      expect((await request(app).get('/health/live')).status).toBe(200);
      const combined = await request(app).get('/health');
      expect(combined.status).toBe(503);
      expect(combined.body).toEqual(expect.objectContaining({ status: 'unhealthy', database: 'unhealthy' }));
      const metrics = await request(app).get('/metrics');
      expect(metrics.text).toMatch(/brownie_dependency_up\{dependency="database"\} 0/);

      pg = await startEmbeddedPostgres(path.join(dir, 'pg'), port, silentLogger);
      await waitFor(async () => (await request(app).get('/health/ready')).status === 200, 10_000, 'readiness 200');
      expect((await request(app).get('/health')).body).toEqual(
        expect.objectContaining({ status: 'healthy', database: 'healthy', version: 'test' }),
      );
    } finally {
      await db.close();
    }
  });
});

describe('readiness when Redis stops', () => {
  let database: TestDatabase;
  let redisPort: number;
  let server: ChildProcess;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    redisPort = await freePort();
    server = await startRedis(redisPort);
  });
  afterAll(async () => {
    await stopProcess(server);
    await database.drop();
  });

  async function withRedisApp(
    required: boolean,
    run: (app: Awaited<ReturnType<typeof buildTestApp>>['app']) => Promise<void>,
  ) {
    const redis: Redis = createRedis(`redis://127.0.0.1:${redisPort}`, silentLogger);
    await redis.connect().catch(() => undefined);
    const { app, db } = await buildTestApp(database.ownerUrl, {
      redis,
      env: { REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_REQUIRED: String(required) },
    });
    try {
      await run(app);
    } finally {
      redis.disconnect();
      await db.close();
    }
  }

  it('when Redis is only a cache and stops, then readiness stays 200 but says degraded, and ready once back', async () => {
    await withRedisApp(false, async (app) => {
      expect((await request(app).get('/health/ready')).body.status).toBe('ready');
      await stopProcess(server);
      const degraded = await request(app).get('/health/ready');
      expect(degraded.status).toBe(200);
      expect(degraded.body).toEqual(
        expect.objectContaining({
          status: 'degraded',
          checks: expect.objectContaining({ redis: expect.objectContaining({ status: 'down' }) }),
        }),
      );
      server = await startRedis(redisPort);
      await waitFor(async () => (await request(app).get('/health/ready')).body.status === 'ready', 10_000, 'ready');
    });
  });

  it('when Redis is required and stops, then readiness is 503, and 200 once back', async () => {
    await withRedisApp(true, async (app) => {
      expect((await request(app).get('/health/ready')).status).toBe(200);
      await stopProcess(server);
      expect((await request(app).get('/health/ready')).status).toBe(503);
      server = await startRedis(redisPort);
      await waitFor(async () => (await request(app).get('/health/ready')).status === 200, 10_000, 'readiness 200');
    });
  });
});
