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
  buildInfo: def({
    name: 'brownie_build_info',
    help: 'Always 1; labels carry the version and git revision of the running build',
    type: 'gauge',
    labelNames: ['version', 'revision'],
  }),
} as const;

/** prom-client's default process and Node.js metrics, registered with METRIC_PREFIX (so a job selects them). */
export const DEFAULT_METRIC_NAMES = [
  'process_cpu_user_seconds_total',
  'process_cpu_system_seconds_total',
  'process_cpu_seconds_total',
  'process_start_time_seconds',
  'process_resident_memory_bytes',
  'process_virtual_memory_bytes',
  'process_heap_bytes',
  'process_open_fds',
  'process_max_fds',
  'nodejs_eventloop_lag_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
].map((name) => `${METRIC_PREFIX}${name}`);
