// postgresql.conf for the Patroni cluster. PostgreSQL 16 names only: wal_keep_segments, checkpoint_segments and
// the other parameters the original project still set were removed from PostgreSQL and stop the server.
import type { PlatformConfig } from '../config';

export type ParameterValue = string | number | boolean;

export function postgresParameters(c: PlatformConfig): Record<string, ParameterValue> {
  const tls: Record<string, ParameterValue> = c.tls.enabled
    ? { ssl: 'on', ssl_cert_file: '/etc/postgres-tls/tls.crt', ssl_key_file: '/etc/postgres-tls/tls.key' }
    : {};
  return {
    max_connections: c.postgres.maxConnections,
    superuser_reserved_connections: 3,
    password_encryption: 'scram-sha-256',
    wal_level: 'replica',
    hot_standby: 'on',
    // pg_rewind needs hint bits in WAL (or data checksums, which initdb also turns on).
    wal_log_hints: 'on',
    max_wal_senders: 10,
    max_replication_slots: 10,
    wal_keep_size: '1GB',
    // After a failover a replica's WAL receiver retries this often; the default 5 s was most of the write gap in
    // strict synchronous mode, where commits wait for a replica to stream from the new primary (docs/ha.md).
    wal_retrieve_retry_interval: '1s',
    max_wal_size: '2GB',
    shared_preload_libraries: 'pg_stat_statements',
    track_io_timing: 'on',
    log_min_duration_statement: 1000,
    log_lock_waits: 'on',
    log_checkpoints: 'on',
    ...tls,
    ...c.postgres.parameters,
  };
}

/** postgresql.conf lines, as Patroni writes them: numbers bare, everything else quoted. */
export function toPostgresqlConf(parameters: Record<string, ParameterValue>): string {
  const value = (v: ParameterValue) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  return Object.entries(parameters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} = ${value(v)}`)
    .join('\n')
    .concat('\n');
}
