import { target, type Scenario } from '../scenario';
import { PG } from './labels';

const pg = target(PG);
const { namespace, pod } = PG;
const member = { namespace, pod };
const db = { datname: 'brownie' };
/** Connections in use (active + idle) against max_connections 100. */
const connections = (inUse: number) => [
  pg('pg_stat_activity_count', `${inUse - 15}x30`, { ...db, state: 'active' }),
  pg('pg_stat_activity_count', '15x30', { ...db, state: 'idle' }),
  pg('pg_settings_max_connections', '100x30'),
];
const xidAge = (age: number) => [pg('pg_database_xid_frozen_age', `${age}x40`, db)];
const lag = (seconds: number) => [pg('pg_replication_lag_seconds', `${seconds}x30`)];
/** Database bytes growing by `perMinute`, plus 0.5 GB of WAL; the volume alerts at 90% of 10 GiB (9.66e9). */
const volume = (start: number, perMinute: number) => [
  pg('pg_database_size_bytes', `${start}+${perMinute}x60`, db),
  pg('pg_wal_size_bytes', '500000000x60'),
];

export const postgresScenarios: Scenario[] = [
  {
    alert: 'PostgresDown',
    severity: 'critical',
    firing: [pg('pg_up', '0x30')],
    labels: PG,
    quiet: [pg('pg_up', '1x30')],
  },
  {
    alert: 'PostgresConnectionsNearMax',
    severity: 'warning',
    firing: connections(85),
    labels: member,
    quiet: connections(70),
  },
  {
    alert: 'PostgresConnectionsNearMax',
    severity: 'critical',
    firing: connections(97),
    labels: member,
    quiet: connections(85),
    quietSiblingFires: 'warning',
  },
  {
    alert: 'PostgresTransactionIdWraparound',
    severity: 'warning',
    firing: xidAge(1_200_000_000),
    labels: { ...member, ...db },
    quiet: xidAge(200_000_000),
  },
  {
    alert: 'PostgresTransactionIdWraparound',
    severity: 'critical',
    firing: xidAge(1_600_000_000),
    labels: { ...member, ...db },
    quiet: xidAge(1_200_000_000),
    quietSiblingFires: 'warning',
  },
  {
    alert: 'PostgresReplicationLagHigh',
    severity: 'warning',
    firing: lag(60),
    labels: PG,
    quiet: lag(5),
  },
  {
    alert: 'PostgresReplicationLagHigh',
    severity: 'critical',
    firing: lag(600),
    labels: PG,
    quiet: lag(60),
    quietSiblingFires: 'warning',
  },
  {
    alert: 'PostgresReplicationSlotInactive',
    severity: 'warning',
    firing: [pg('pg_replication_slots_active', '0x40', { slot_name: 'brownie_postgres_1' })],
    labels: { ...PG, slot_name: 'brownie_postgres_1' },
    quiet: [pg('pg_replication_slots_active', '1x40', { slot_name: 'brownie_postgres_1' })],
  },
  {
    alert: 'PostgresLongRunningTransaction',
    severity: 'warning',
    firing: [pg('pg_stat_activity_max_tx_duration', '4000x30', { ...db, state: 'idle in transaction' })],
    labels: { ...member, ...db },
    quiet: [pg('pg_stat_activity_max_tx_duration', '100x30', { ...db, state: 'idle in transaction' })],
  },
  {
    alert: 'PostgresDeadlocks',
    severity: 'info',
    firing: [pg('pg_stat_database_deadlocks', '0x10 1x30', db)],
    trueFrom: '11m',
    labels: { ...member, ...db },
    quiet: [pg('pg_stat_database_deadlocks', '0x40', db)],
  },
  {
    alert: 'PostgresDataVolumeFillingUp',
    severity: 'warning',
    firing: volume(5_000_000_000, 3_000_000), // 4.3 GB a day more: 9.8e9 in 24 h
    trueFrom: '1m',
    labels: member,
    quiet: volume(5_000_000_000, 1_000_000), // 6.9e9 in 24 h
  },
  {
    alert: 'PostgresDataVolumeAlmostFull',
    severity: 'critical',
    firing: volume(9_500_000_000, 0),
    labels: member,
    quiet: volume(8_000_000_000, 0),
  },
  {
    alert: 'PostgresExporterScrapeErrors',
    severity: 'warning',
    firing: [pg('pg_exporter_last_scrape_error', '1x30')],
    labels: PG,
    quiet: [pg('pg_exporter_last_scrape_error', '0x30')],
  },
];
