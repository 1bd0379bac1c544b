// redis.conf: memory bound and eviction, persistence per preset. The password is not in the file: the container
// passes `--requirepass $(REDIS_PASSWORD)` from the Secret (see redisServerArgs).
import type { PlatformConfig } from '../config';
import { PORTS } from '../config';

export const REDIS_PATHS = { config: '/etc/redis/redis.conf', data: '/data' } as const;

export interface RedisRuntime {
  bind: string;
  port: number;
  dir: string;
}

export const kubernetesRedisRuntime: RedisRuntime = { bind: '0.0.0.0', port: PORTS.redis, dir: REDIS_PATHS.data };

function persistence(c: PlatformConfig): [string, string][] {
  switch (c.redis.persistence) {
    case 'none':
      return [
        ['save', '""'],
        ['appendonly', 'no'],
      ];
    case 'rdb':
      return [
        ['save', '900 1 300 10 60 10000'],
        ['appendonly', 'no'],
      ];
    case 'aof':
      return [
        ['save', '""'],
        ['appendonly', 'yes'],
        ['appendfsync', 'everysec'],
      ];
  }
}

export function renderRedisConf(c: PlatformConfig, runtime: RedisRuntime = kubernetesRedisRuntime): string {
  const settings: [string, string][] = [
    ['bind', runtime.bind],
    ['port', String(runtime.port)],
    ['dir', runtime.dir],
    ['protected-mode', 'yes'],
    ['maxmemory', `${c.redis.maxMemoryMb}mb`],
    ['maxmemory-policy', c.redis.maxMemoryPolicy],
    ['timeout', '300'],
    ['tcp-keepalive', '60'],
    ['databases', '1'],
    // Commands no client here needs and an intruder would love (CONFIG stays: redis_exporter reads it).
    ['rename-command DEBUG', '""'],
    ['rename-command FLUSHALL', '""'],
    ...persistence(c),
  ];
  return settings
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join('\n')
    .concat('\n');
}

/** redis-server arguments; Kubernetes expands $(REDIS_PASSWORD) from the container's environment. */
export const redisServerArgs = (configPath: string, password = '$(REDIS_PASSWORD)'): string[] => [
  configPath,
  '--requirepass',
  password,
];
