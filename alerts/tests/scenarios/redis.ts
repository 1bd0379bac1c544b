import { target, type Scenario } from '../scenario';
import { REDIS } from './labels';

const redis = target(REDIS);
const memory = (used: number, max: number) => [
  redis('redis_memory_used_bytes', `${used}x30`),
  redis('redis_memory_max_bytes', `${max}x30`),
];
const persistence = (rdb: string, aofEnabled: string, aofWrite: string) => [
  redis('redis_rdb_last_bgsave_status', rdb),
  redis('redis_aof_enabled', aofEnabled),
  redis('redis_aof_last_write_status', aofWrite),
];

export const redisScenarios: Scenario[] = [
  {
    alert: 'RedisDown',
    severity: 'critical',
    firing: [redis('redis_up', '0x30')],
    labels: REDIS,
    quiet: [redis('redis_up', '1x30')],
  },
  {
    alert: 'RedisMemoryHigh',
    severity: 'warning',
    firing: memory(250_000_000, 256_000_000),
    labels: REDIS,
    // maxmemory 0 means unlimited.
    quiet: memory(250_000_000, 0),
  },
  {
    alert: 'RedisPersistenceFailing',
    severity: 'warning',
    firing: persistence('0x30', '0x30', '1x30'),
    labels: REDIS,
    // A failed AOF write status means nothing while AOF is off.
    quiet: persistence('1x30', '0x30', '0x30'),
  },
  {
    alert: 'RedisRejectedConnections',
    severity: 'warning',
    firing: [redis('redis_rejected_connections_total', '0x5 3+1x30')],
    trueFrom: '6m',
    labels: REDIS,
    quiet: [redis('redis_rejected_connections_total', '0x40')],
  },
];
