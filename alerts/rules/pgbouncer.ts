// PgBouncer as the prometheus-community pgbouncer_exporter reports it (see docs/monitoring.md for why not Debian's).
// A limit of 0 means "unlimited" in PgBouncer: every ratio divides by `(limit > 0)` so those pools never alert.
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import { percent, type AlertRule } from '../rule';

const pooler = 'PgBouncer {{ $labels.pod }} in namespace {{ $labels.namespace }}';

export function pgbouncerRules(c: MonitoringConfig): AlertRule[] {
  const pgb = selector(c, SCRAPE_JOBS.pgbouncerExporter);
  const byPool = 'by (namespace, pod, database)';
  // SHOW DATABASES names the pool in `name` (its `database` is the target database); SHOW POOLS names it `database`.
  const perPool = (metric: string) =>
    `max ${byPool} (label_replace(${metric}${pgb}, "database", "$1", "name", "(.+)") > 0)`;
  return [
    {
      alert: 'PgbouncerDown',
      severity: 'critical',
      for: c.for.down,
      expr: `pgbouncer_up${pgb} == 0`,
      summary: 'The exporter cannot query PgBouncer',
      description: `${pooler} does not answer its admin console.`,
    },
    {
      alert: 'PgbouncerClientsWaiting',
      severity: 'warning',
      for: c.for.fast,
      expr: `max ${byPool} (pgbouncer_pools_client_maxwait_seconds${pgb}) > ${c.pgbouncer.maxWaitSeconds}`,
      summary: 'Clients wait for a server connection',
      description: `Clients of pool {{ $labels.database }} on ${pooler} have waited more than ${c.pgbouncer.maxWaitSeconds}s for a server connection.`,
    },
    {
      alert: 'PgbouncerPoolSaturated',
      severity: 'warning',
      for: c.for.normal,
      expr:
        `sum ${byPool} (pgbouncer_pools_server_active_connections${pgb}) / ` +
        `${perPool('pgbouncer_databases_pool_size')} > ${c.pgbouncer.poolSaturationRatio}`,
      summary: 'A PgBouncer pool is nearly exhausted',
      description: `Pool {{ $labels.database }} on ${pooler} uses more than ${percent(c.pgbouncer.poolSaturationRatio)} of its pool_size.`,
    },
    {
      alert: 'PgbouncerServerConnectionsNearMax',
      severity: 'warning',
      for: c.for.normal,
      expr:
        `max ${byPool} (label_replace(pgbouncer_databases_current_connections${pgb}, "database", "$1", "name", "(.+)")) / ` +
        `${perPool('pgbouncer_databases_max_connections')} > ${c.pgbouncer.poolSaturationRatio}`,
      summary: 'PgBouncer nears max_db_connections',
      description: `Database {{ $labels.database }} on ${pooler} uses more than ${percent(c.pgbouncer.poolSaturationRatio)} of its max_db_connections.`,
    },
    {
      alert: 'PgbouncerClientConnectionsNearMax',
      severity: 'warning',
      for: c.for.normal,
      expr: `pgbouncer_used_clients${pgb} / (pgbouncer_config_max_client_connections${pgb} > 0) > ${c.pgbouncer.clientConnectionsRatio}`,
      summary: 'PgBouncer nears max_client_conn',
      description: `${pooler} holds more than ${percent(c.pgbouncer.clientConnectionsRatio)} of max_client_conn client connections; new clients will be refused.`,
    },
  ];
}
