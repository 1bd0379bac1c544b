// Redis through redis_exporter (never a raw scrape of the Redis port, which the original reported down forever).
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import { percent, type AlertRule } from '../rule';

const instance = 'Redis {{ $labels.pod }} in namespace {{ $labels.namespace }}';

export function redisRules(c: MonitoringConfig): AlertRule[] {
  const redis = selector(c, SCRAPE_JOBS.redisExporter);
  return [
    {
      alert: 'RedisDown',
      severity: 'critical',
      for: c.for.down,
      expr: `redis_up${redis} == 0`,
      summary: 'Redis does not answer',
      description: `${instance} does not answer its exporter; the API runs without cache and rate limits.`,
    },
    {
      alert: 'RedisMemoryHigh',
      severity: 'warning',
      for: c.for.normal,
      // maxmemory 0 means unlimited: no ratio then.
      expr: `redis_memory_used_bytes${redis} / (redis_memory_max_bytes${redis} > 0) > ${c.redis.memoryRatio}`,
      summary: 'Redis is close to maxmemory',
      description: `${instance} uses more than ${percent(c.redis.memoryRatio)} of maxmemory; keys are being evicted or writes refused.`,
    },
    {
      alert: 'RedisPersistenceFailing',
      severity: 'warning',
      for: c.for.normal,
      expr: `redis_rdb_last_bgsave_status${redis} == 0 or (redis_aof_last_write_status${redis} == 0 and redis_aof_enabled${redis} == 1)`,
      summary: 'Redis cannot persist its data',
      description: `The last RDB snapshot or AOF write of ${instance} failed; a restart loses data.`,
    },
    {
      alert: 'RedisRejectedConnections',
      severity: 'warning',
      for: c.for.fast,
      expr: `increase(redis_rejected_connections_total${redis}[5m]) > 0`,
      summary: 'Redis refuses connections',
      description: `${instance} refused connections in the last 5 minutes (maxclients reached).`,
    },
  ];
}
