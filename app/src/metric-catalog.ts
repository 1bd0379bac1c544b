// The one vocabulary of metric names: the app registers them, alert rules and dashboards query them. Side-effect
// free, so alerts/ and dashboards/ can import it without pulling in the app.

export const METRIC_PREFIX = 'brownie_';

export interface MetricDef {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labelNames: readonly string[];
  readonly buckets?: readonly number[];
}

const def = <T extends MetricDef>(m: T): T => m;

export const METRICS = {
  httpRequests: def({
    name: 'brownie_http_requests_total',
    help: 'HTTP requests served, by route template, method and status code',
    type: 'counter',
    labelNames: ['method', 'route', 'status'],
  }),
  httpRequestDuration: def({
    name: 'brownie_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by route template, method and status code',
    type: 'histogram',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  httpRequestsInFlight: def({
    name: 'brownie_http_requests_in_flight',
    help: 'HTTP requests being served now',
    type: 'gauge',
    labelNames: [],
  }),
  dbQueries: def({
    name: 'brownie_db_queries_total',
    help: 'Database queries run, by pool (primary or replica) and outcome (ok or error)',
    type: 'counter',
    labelNames: ['pool', 'outcome'],
  }),
  dbQueryDuration: def({
    name: 'brownie_db_query_duration_seconds',
    help: 'Database query duration in seconds, by pool',
    type: 'histogram',
    labelNames: ['pool'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  }),
  dbPoolConnections: def({
    name: 'brownie_db_pool_connections',
    help: 'Connections in the database pool, by pool and state (total, idle, waiting clients)',
    type: 'gauge',
    labelNames: ['pool', 'state'],
  }),
  dependencyUp: def({
    name: 'brownie_dependency_up',
    help: 'Whether the last readiness check reached a dependency (1) or not (0)',
    type: 'gauge',
    labelNames: ['dependency'],
  }),
  // Business metrics. Totals are computed at scrape time from the database (cached briefly), never per request.
  organizations: def({
    name: 'brownie_organizations_total',
    help: 'Organizations that are active and not deleted',
    type: 'gauge',
    labelNames: [],
  }),
  teams: def({ name: 'brownie_teams_total', help: 'Teams not deleted', type: 'gauge', labelNames: [] }),
  users: def({ name: 'brownie_users_total', help: 'Users not deleted', type: 'gauge', labelNames: [] }),
  usersActive: def({
    name: 'brownie_users_active',
    help: 'Users that are active, not deleted, and logged in or used the API within the last 30 days',
    type: 'gauge',
    labelNames: [],
  }),
  agentConfigs: def({
    name: 'brownie_agent_configs_total',
    help: 'Agent configurations not deleted, by whether they are active',
    type: 'gauge',
    labelNames: ['active'],
  }),
  incidentsCreated: def({
    name: 'brownie_incidents_created_total',
    help: 'Incidents created through the API, by priority',
    type: 'counter',
    labelNames: ['priority'],
  }),
  incidentsActive: def({
    name: 'brownie_incidents_active',
    help: 'Incidents open or in progress, by priority',
    type: 'gauge',
    labelNames: ['priority'],
  }),
  incidentResolution: def({
    name: 'brownie_incident_resolution_minutes',
    help: 'Minutes from creation to resolution of incidents resolved through the API, by priority',
    type: 'histogram',
    labelNames: ['priority'],
    buckets: [5, 15, 30, 60, 120, 240, 480, 1440, 2880, 10080],
  }),
  errors: def({
    name: 'brownie_errors_total',
    help: 'Errors answered by the API, by problem type (validation, not-found, conflict, internal, ...)',
    type: 'counter',
    labelNames: ['type'],
  }),
  rateLimited: def({
    name: 'brownie_rate_limited_total',
    help: 'Requests refused with 429 by the rate limiter',
    type: 'counter',
    labelNames: [],
  }),
  // Backups: exported by the API from the recorded runs, so they survive restarts of either side.
  backups: def({
    name: 'brownie_backup_total',
    help: 'Backup runs recorded, by result (success or failure)',
    type: 'counter',
    labelNames: ['result'],
  }),
  backupDuration: def({
    name: 'brownie_backup_duration_seconds',
    help: 'Duration of the last backup run in seconds',
    type: 'gauge',
    labelNames: [],
  }),
  backupSize: def({
    name: 'brownie_backup_size_bytes',
    help: 'Size of the last successful backup object in bytes',
    type: 'gauge',
    labelNames: [],
  }),
  backupErrors: def({
    name: 'brownie_backup_errors_total',
    help: 'Backup and restore runs that failed, by kind (backup, restore, drill, cleanup)',
    type: 'counter',
    labelNames: ['kind'],
  }),
  backupLastSuccess: def({
    name: 'brownie_backup_last_success_timestamp_seconds',
    help: 'Unix time of the last successful backup',
    type: 'gauge',
    labelNames: [],
  }),
  restoreDrillLastSuccess: def({
    name: 'brownie_restore_drill_last_success_timestamp_seconds',
    help: 'Unix time of the last successful restore drill',
    type: 'gauge',
    labelNames: [],
  }),
  testAlert: def({
    name: 'brownie_test_alert_active',
    help: '1 while an operator-triggered test alert is active (GET /test-alert), else 0',
    type: 'gauge',
    labelNames: [],
  }),
  buildInfo: def({
    name: 'brownie_build_info',
    help: 'Always 1; labels carry the version and git revision of the running build',
    type: 'gauge',
    labelNames: ['version', 'revision'],
  }),
} as const;
