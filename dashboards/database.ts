// The data tier: Patroni roles and replication, PostgreSQL connections, transactions, cache, locks and WAL, the
// PgBouncer pools and Redis. Metric names are those postgres_exporter 0.11, the pgbouncer_exporter, redis_exporter
// 1.45 and Patroni 3.0 export (checked by test/integration/monitoring/metrics-exist.test.ts).
import { defaultMonitoringConfig } from '../alerts/config';
import { SCRAPE_JOBS } from '../alerts/jobs';
import { sel, type DashboardSpec } from './panels';

const pg = sel(SCRAPE_JOBS.postgresExporter);
const patroni = sel(SCRAPE_JOBS.patroni);
const pgb = sel(SCRAPE_JOBS.pgbouncerExporter);
const redis = sel(SCRAPE_JOBS.redisExporter);
const rate = (metric: string, selector: string) => `rate(${metric}${selector}[$__rate_interval])`;
const perPod = (metric: string, selector: string) => `sum by (pod) (${rate(metric, selector)})`;

export const databaseDashboard: DashboardSpec = {
  uid: 'brownie-database',
  title: 'Brownie / Database',
  description: 'Patroni cluster roles and replication, PostgreSQL load and health, PgBouncer pools and Redis.',
  tags: ['database', 'postgres', 'pgbouncer', 'redis'],
  rows: [
    {
      title: 'Patroni cluster',
      panels: [
        {
          kind: 'stat',
          title: 'Primaries',
          description: 'Members that are the leader: exactly 1 is healthy, 0 means no writes, 2 means split brain.',
          unit: 'short',
          queries: [{ expr: `sum(patroni_primary${patroni})` }],
        },
        {
          kind: 'stat',
          title: 'Replicas',
          description: 'Members running as replicas.',
          unit: 'short',
          queries: [{ expr: `sum(patroni_replica${patroni})` }],
        },
        {
          kind: 'stat',
          title: 'Sync standbys',
          description: 'Synchronous standbys (synchronous mode needs at least one).',
          unit: 'short',
          queries: [{ expr: `sum(patroni_sync_standby${patroni})` }],
        },
        {
          kind: 'stat',
          title: 'Timeline',
          description: 'PostgreSQL timeline of the cluster; it increases at every failover or switchover.',
          unit: 'short',
          queries: [{ expr: `max(patroni_postgres_timeline${patroni})` }],
        },
        {
          kind: 'stat',
          title: 'DCS contact age',
          description: 'Longest time since a member last reached its DCS (the Kubernetes API).',
          unit: 's',
          queries: [{ expr: `max(time() - patroni_dcs_last_seen${patroni})` }],
          thresholds: [30, defaultMonitoringConfig.postgres.dcsStaleSeconds],
        },
        {
          kind: 'stat',
          title: 'Failover paused',
          description: 'Yes while the cluster is in maintenance mode (no automatic failover).',
          unit: 'bool_yes_no',
          queries: [{ expr: `max(patroni_is_paused${patroni})` }],
          thresholds: [0.5, 1],
        },
        {
          kind: 'timeseries',
          title: 'Roles per member',
          description: '1 when the member is the leader, 0 when it is a replica.',
          unit: 'short',
          queries: [{ expr: `patroni_primary${patroni}`, legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Replication lag',
          description: 'Seconds each replica replays behind the primary (0 on the primary and when caught up).',
          unit: 's',
          queries: [{ expr: `pg_replication_lag_seconds${pg}`, legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'WAL retained by replication slots',
          description: 'Bytes of WAL each replication slot holds back on the primary.',
          unit: 'bytes',
          queries: [{ expr: `pg_replication_slots_pg_wal_lsn_diff${pg}`, legend: '{{slot_name}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Replayed WAL position',
          description:
            'WAL position written on the leader and replayed on each replica; diverging lines are lag in bytes.',
          unit: 'bytes',
          queries: [
            { expr: `max(patroni_xlog_location${patroni})`, legend: 'leader' },
            { expr: `patroni_xlog_replayed_location${patroni} > 0`, legend: '{{pod}} replayed' },
          ],
        },
      ],
    },
    {
      title: 'PostgreSQL',
      panels: [
        {
          kind: 'timeseries',
          title: 'Connections by state',
          description: 'Backends per member and state.',
          unit: 'short',
          queries: [{ expr: `sum by (pod, state) (pg_stat_activity_count${pg})`, legend: '{{pod}} {{state}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Connections used',
          description: 'Backends as a share of max_connections per member (alerting at 80% and 95%).',
          unit: 'percentunit',
          queries: [
            {
              expr: `sum by (pod) (pg_stat_activity_count${pg}) / max by (pod) (pg_settings_max_connections${pg})`,
              legend: '{{pod}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Transactions',
          description: 'Commits and rollbacks per second per member.',
          unit: 'ops',
          queries: [
            { expr: perPod('pg_stat_database_xact_commit', pg), legend: '{{pod}} commit' },
            { expr: perPod('pg_stat_database_xact_rollback', pg), legend: '{{pod}} rollback' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Cache hit ratio',
          description: 'Share of block reads served from shared buffers per member.',
          unit: 'percentunit',
          queries: [
            {
              expr: `${perPod('pg_stat_database_blks_hit', pg)} / (${perPod('pg_stat_database_blks_hit', pg)} + ${perPod('pg_stat_database_blks_read', pg)})`,
              legend: '{{pod}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Locks by mode',
          description: 'Locks held per member and mode.',
          unit: 'short',
          queries: [{ expr: `sum by (pod, mode) (pg_locks_count${pg})`, legend: '{{pod}} {{mode}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Deadlocks',
          description: 'Deadlocks detected per second per member.',
          unit: 'ops',
          queries: [{ expr: perPod('pg_stat_database_deadlocks', pg), legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Data volume used',
          description: 'Databases plus WAL per member against the data volume size (alerting at 90%).',
          unit: 'bytes',
          queries: [
            {
              expr: `sum by (pod) (pg_database_size_bytes${pg}) + sum by (pod) (pg_wal_size_bytes${pg})`,
              legend: '{{pod}}',
            },
            { expr: `vector(${defaultMonitoringConfig.postgres.dataVolumeBytes})`, legend: 'volume size' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'WAL size',
          description: 'Bytes in pg_wal per member; it grows when archiving or a replication slot falls behind.',
          unit: 'bytes',
          queries: [{ expr: `pg_wal_size_bytes${pg}`, legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Checkpoints',
          description: 'Checkpoints per second, timed and requested; many requested ones mean max_wal_size is small.',
          unit: 'ops',
          queries: [
            { expr: perPod('pg_stat_bgwriter_checkpoints_timed_total', pg), legend: '{{pod}} timed' },
            { expr: perPod('pg_stat_bgwriter_checkpoints_req_total', pg), legend: '{{pod}} requested' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Transaction ID age',
          description: 'Age of the oldest unfrozen transaction ID per database (wraparound at 2^31).',
          unit: 'short',
          queries: [{ expr: `max by (datname) (pg_database_xid_frozen_age${pg})`, legend: '{{datname}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Longest transaction',
          description: 'Age of the oldest open transaction per member and state.',
          unit: 's',
          queries: [
            { expr: `max by (pod, state) (pg_stat_activity_max_tx_duration${pg})`, legend: '{{pod}} {{state}}' },
          ],
        },
      ],
    },
    {
      title: 'PgBouncer',
      panels: [
        {
          kind: 'timeseries',
          title: 'Clients by pool',
          description: 'Client connections active and waiting per pool.',
          unit: 'short',
          queries: [
            {
              expr: `sum by (database) (pgbouncer_pools_client_active_connections${pgb})`,
              legend: '{{database}} active',
            },
            {
              expr: `sum by (database) (pgbouncer_pools_client_waiting_connections${pgb})`,
              legend: '{{database}} waiting',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Server connections by pool',
          description: 'Server connections active and idle per pool.',
          unit: 'short',
          queries: [
            {
              expr: `sum by (database) (pgbouncer_pools_server_active_connections${pgb})`,
              legend: '{{database}} active',
            },
            { expr: `sum by (database) (pgbouncer_pools_server_idle_connections${pgb})`, legend: '{{database}} idle' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Longest client wait',
          description: 'Age of the oldest client waiting for a server connection, per pool (alerting above 5 s).',
          unit: 's',
          queries: [
            { expr: `max by (database) (pgbouncer_pools_client_maxwait_seconds${pgb})`, legend: '{{database}}' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Client connections used',
          description: 'Client connections as a share of max_client_conn per PgBouncer pod.',
          unit: 'percentunit',
          queries: [
            {
              expr: `pgbouncer_used_clients${pgb} / (pgbouncer_config_max_client_connections${pgb} > 0)`,
              legend: '{{pod}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Redis',
      panels: [
        {
          kind: 'stat',
          title: 'Redis up',
          description: 'Whether redis_exporter reaches Redis.',
          unit: 'bool_yes_no',
          queries: [{ expr: `min(redis_up${redis})` }],
          thresholds: [0.5, 1],
          lowerIsWorse: true,
        },
        {
          kind: 'timeseries',
          title: 'Redis memory',
          description: 'Memory used against maxmemory (0 means unlimited).',
          unit: 'bytes',
          queries: [
            { expr: `redis_memory_used_bytes${redis}`, legend: 'used {{pod}}' },
            { expr: `redis_memory_max_bytes${redis}`, legend: 'max {{pod}}' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Redis commands',
          description: 'Commands processed per second.',
          unit: 'ops',
          queries: [{ expr: rate('redis_commands_processed_total', redis), legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Redis hit ratio',
          description: 'Keyspace hits as a share of lookups (cache effectiveness).',
          unit: 'percentunit',
          queries: [
            {
              expr: `${rate('redis_keyspace_hits_total', redis)} / (${rate('redis_keyspace_hits_total', redis)} + ${rate('redis_keyspace_misses_total', redis)})`,
              legend: '{{pod}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Redis clients and evictions',
          description: 'Connected clients, and keys evicted per second under maxmemory.',
          unit: 'short',
          queries: [
            { expr: `redis_connected_clients${redis}`, legend: 'clients {{pod}}' },
            { expr: rate('redis_evicted_keys_total', redis), legend: 'evicted/s {{pod}}' },
          ],
        },
      ],
    },
  ],
};
