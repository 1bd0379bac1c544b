// redis-server started on the rendered redis.conf with the container's own arguments: AUTH is required and the
// memory bound and persistence come from the config.
import fc from 'fast-check';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { names, platformConfig, PORTS, type PlatformConfig } from '../../../infra/config';
import { redisServerArgs, renderRedisConf } from '../../../infra/render';
import { validPlatformConfig } from '../../fixtures/infra/arbitrary-config';
import { containerOf, objectsOf, resolveEnv } from '../../fixtures/infra/manifests';
import { freePort, stopProcess } from '../helpers/processes';
import { startEngine, tempDir } from './engines';

const PASSWORD = 'redis-secret';
const files = tempDir('redis');
const running: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((child) => stopProcess(child)));
  files.remove();
});

async function startRedis(c: PlatformConfig): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const conf = files.write(`redis-${port}.conf`, renderRedisConf(c, { bind: '127.0.0.1', port, dir: files.dir }));
  const child = await startEngine(['redis-server', ...redisServerArgs(conf, PASSWORD)], port, 'redis-server');
  running.push(child);
  return { port, child };
}

async function withClient<T>(port: number, password: string | undefined, use: (r: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(port, '127.0.0.1', {
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

const requiresAuth = (port: number) =>
  withClient(port, undefined, (r) => r.ping()).then(
    () => false,
    (error: Error) => /NOAUTH/.test(error.message),
  );

describe('redis.conf', () => {
  it.each(['dev', 'prod'] as const)(
    'when the %s config runs, then AUTH is required and the password works',
    async (stack) => {
      const c = platformConfig(stack);
      const { port } = await startRedis(c);
      expect(await requiresAuth(port)).toBe(true);
      const [maxmemory, policy, save] = await withClient(port, PASSWORD, async (r) => [
        await r.call('CONFIG', 'GET', 'maxmemory'),
        await r.call('CONFIG', 'GET', 'maxmemory-policy'),
        await r.call('CONFIG', 'GET', 'save'),
      ]);
      expect(maxmemory).toEqual(['maxmemory', String(c.redis.maxMemoryMb * 1024 * 1024)]);
      expect(policy).toEqual(['maxmemory-policy', c.redis.maxMemoryPolicy]);
      expect((save as string[])[1] === '').toBe(c.redis.persistence !== 'rdb');
    },
  );

  it('when the redis-exporter sidecar runs with the environment the chart gives it, then it reports redis_up 1', async () => {
    const c = platformConfig('dev');
    const { port } = await startRedis(c);
    const exporterPort = await freePort();
    const env = resolveEnv(containerOf(objectsOf(c), names(c).redis, 'redis-exporter'), { password: PASSWORD });
    running.push(
      await startEngine(['prometheus-redis-exporter'], exporterPort, 'redis exporter', undefined, {
        ...env,
        // Only the addresses differ from the pod: localhost ports are taken here.
        REDIS_ADDR: env.REDIS_ADDR!.replace(`localhost:${PORTS.redis}`, `127.0.0.1:${port}`),
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${exporterPort}`,
      }),
    );
    const metrics = await (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).text();
    expect(metrics).toMatch(/^redis_up 1$/m);
  });

  it('when any valid config runs, then redis-server starts and requires AUTH', async () => {
    await fc.assert(
      fc.asyncProperty(validPlatformConfig, async (c) => {
        const { port, child } = await startRedis(c);
        expect(await requiresAuth(port)).toBe(true);
        await stopProcess(child);
      }),
      { numRuns: 6 },
    );
  }, 30_000);
});
