// Stable object names derived from the config, shared by charts, renderers and docs, so nothing is spelled twice.
import type { PlatformConfig } from './schema';

export const PORTS = {
  postgres: 5432,
  patroniApi: 8008,
  pgbouncer: 6432,
  redis: 6379,
  api: 8000,
  postgresExporter: 9187,
  pgbouncerExporter: 9127,
  redisExporter: 9121,
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
} as const;

/** Keys each externally managed Secret must hold; the charts only reference them by name. */
export const SECRET_KEYS = {
  postgres: [
    'superuser-password',
    'replication-password',
    'rewind-password',
    'owner-password',
    'app-password',
    'backup-password',
  ],
  pgbouncerAuth: ['password'],
  redis: ['password'],
  /** database-url → PgBouncer's primary pool, database-read-url → its replica pool, migrations → the primary. */
  api: ['database-url', 'database-read-url', 'migrations-database-url', 'redis-url', 'jwt-secret', 'operator-token'],
  /** database-url: a BYPASSRLS role on the primary; source-url: the same role via the replicas; age-identity: drill. */
  backup: ['database-url', 'source-url', 'age-identity'],
  grafana: ['admin-user', 'admin-password'],
} as const;

/** Headless Services: per-pod DNS SRV records that Prometheus discovers scrape targets by. */
export const headlessName = (unit: string): string => `${unit}-headless`;

export function names(c: PlatformConfig) {
  const cluster = `${c.name}-postgres`;
  return {
    /** Patroni scope and primary Service (Patroni keeps its Endpoints pointing at the leader). */
    cluster,
    replicaService: `${cluster}-repl`,
    configService: `${cluster}-config`,
    headlessService: `${cluster}-headless`,
    patroniConfigMap: `${cluster}-patroni`,
    patroniServiceAccount: `${cluster}-patroni`,
    pgbouncer: `${c.name}-pgbouncer`,
    redis: `${c.name}-redis`,
    api: `${c.name}-api`,
    headless: headlessName,
    migrations: `${c.name}-migrations`,
    backup: `${c.name}-backup`,
    restoreDrill: `${c.name}-restore-drill`,
    prometheus: `${c.name}-prometheus`,
    alertmanager: `${c.name}-alertmanager`,
    grafana: `${c.name}-grafana`,
    /** alertmanager.yml, supplied by the monitoring config (infra/render/alertmanager.ts). */
    alertmanagerConfig: `${c.name}-alertmanager-config`,
    /** Optional Secret with receiver keys, mounted so alertmanager.yml can use *_file fields. */
    alertmanagerSecrets: `${c.name}-alertmanager-secrets`,
    prometheusRules: `${c.name}-prometheus-rules`,
    grafanaDashboards: `${c.name}-grafana-dashboards`,
    postgresExporterQueries: `${c.name}-postgres-exporter-queries`,
    secrets: {
      postgres: `${cluster}-credentials`,
      pgbouncerAuth: `${c.name}-pgbouncer-auth`,
      redis: `${c.name}-redis-auth`,
      api: `${c.name}-api-env`,
      backup: `${c.name}-backup`,
      grafana: `${c.name}-grafana-admin`,
    },
  } as const;
}

export type Names = ReturnType<typeof names>;
