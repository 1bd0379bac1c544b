// PostgreSQL as postgres_exporter 0.11 sees it (one exporter beside each Patroni member), including the extra
// queries of alerts/exporters/postgres-exporter-queries.yaml (replica lag, transaction ID age, WAL size).
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import { percent, tiered, type AlertRule } from '../rule';

const member = 'PostgreSQL on {{ $labels.pod }} in namespace {{ $labels.namespace }}';

export function postgresRules(c: MonitoringConfig): AlertRule[] {
  const pg = (...extra: string[]) => selector(c, SCRAPE_JOBS.postgresExporter, ...extra);
  const byPod = 'sum by (namespace, pod)';
  const connectionsRatio = `${byPod} (pg_stat_activity_count${pg()}) / max by (namespace, pod) (pg_settings_max_connections${pg()})`;
  // Databases and WAL share the data volume; predict_linear is linear, so predicting each and adding is exact.
  const volumeUsed = (predict?: string) =>
    ['pg_database_size_bytes', 'pg_wal_size_bytes']
      .map((m) => (predict ? `${byPod} (predict_linear(${m}${pg()}[6h], ${predict}))` : `${byPod} (${m}${pg()})`))
      .join(' + ');
  const capacity = c.postgres.dataVolumeBytes * c.postgres.dataVolumeFullRatio;

  return [
    {
      alert: 'PostgresDown',
      severity: 'critical',
      for: c.for.down,
      expr: `pg_up${pg()} == 0`,
      summary: 'postgres_exporter cannot reach PostgreSQL',
      description: `${member} does not accept connections from its exporter.`,
    },
    ...tiered(
      { alert: 'PostgresConnectionsNearMax', summary: 'PostgreSQL is running out of connections' },
      {
        warning: { threshold: c.postgres.connectionsRatio.warning, for: c.for.normal },
        critical: { threshold: c.postgres.connectionsRatio.critical, for: c.for.fast },
      },
      (t) => `${connectionsRatio} > ${t}`,
      (t) => `${member} uses more than ${percent(t)} of max_connections.`,
    ),
    ...tiered(
      { alert: 'PostgresTransactionIdWraparound', summary: 'Transaction IDs approach wraparound' },
      {
        warning: { threshold: c.postgres.xidAge.warning, for: c.for.slow },
        critical: { threshold: c.postgres.xidAge.critical, for: c.for.normal },
      },
      (t) => `max by (namespace, pod, datname) (pg_database_xid_frozen_age${pg()}) > ${t}`,
      (t) =>
        `Database {{ $labels.datname }} of ${member} has unfrozen transaction IDs older than ${t} transactions; at 2^31 PostgreSQL stops accepting writes.`,
    ),
    ...tiered(
      { alert: 'PostgresReplicationLagHigh', summary: 'A replica lags behind the primary' },
      {
        warning: { threshold: c.postgres.replicationLagSeconds.warning, for: c.for.normal },
        critical: { threshold: c.postgres.replicationLagSeconds.critical, for: c.for.fast },
      },
      (t) => `pg_replication_lag_seconds${pg()} > ${t}`,
      (t) => `The replica ${member} replays WAL more than ${t}s behind the primary; reads from it are stale.`,
    ),
    {
      alert: 'PostgresReplicationSlotInactive',
      severity: 'warning',
      for: c.for.slow,
      expr: `pg_replication_slots_active${pg()} == 0`,
      summary: 'A replication slot has no consumer',
      description: `Replication slot {{ $labels.slot_name }} of ${member} is inactive: it retains WAL until the volume fills.`,
    },
    {
      alert: 'PostgresLongRunningTransaction',
      severity: 'warning',
      for: c.for.normal,
      expr: `max by (namespace, pod, datname) (pg_stat_activity_max_tx_duration${pg()}) > ${c.postgres.longTransactionSeconds}`,
      summary: 'A transaction has been open for long',
      description: `A transaction in database {{ $labels.datname }} of ${member} has been open for more than ${c.postgres.longTransactionSeconds}s; it holds back vacuum.`,
    },
    {
      alert: 'PostgresDeadlocks',
      severity: 'info',
      for: '0m',
      expr: `sum by (namespace, pod, datname) (increase(pg_stat_database_deadlocks${pg()}[10m])) > 0`,
      summary: 'PostgreSQL detected deadlocks',
      description: `Database {{ $labels.datname }} of ${member} aborted transactions because of deadlocks in the last 10 minutes.`,
    },
    {
      alert: 'PostgresDataVolumeFillingUp',
      severity: 'warning',
      for: c.for.slow,
      expr: `(${volumeUsed('24 * 3600')}) > ${capacity}`,
      summary: 'The PostgreSQL data volume will fill up within a day',
      description: `At the growth of the last 6 hours, databases and WAL of ${member} will use more than ${percent(c.postgres.dataVolumeFullRatio)} of the ${c.postgres.dataVolumeBytes}-byte data volume within 24 hours.`,
    },
    {
      alert: 'PostgresDataVolumeAlmostFull',
      severity: 'critical',
      for: c.for.normal,
      expr: `(${volumeUsed()}) > ${capacity}`,
      summary: 'The PostgreSQL data volume is almost full',
      description: `Databases and WAL of ${member} use more than ${percent(c.postgres.dataVolumeFullRatio)} of the ${c.postgres.dataVolumeBytes}-byte data volume.`,
    },
    {
      alert: 'PostgresExporterScrapeErrors',
      severity: 'warning',
      for: c.for.normal,
      expr: `pg_exporter_last_scrape_error${pg()} == 1`,
      summary: 'postgres_exporter fails some of its queries',
      description: `The exporter beside {{ $labels.pod }} in namespace {{ $labels.namespace }} reports an error on its last scrape; some PostgreSQL metrics are missing.`,
    },
  ];
}
