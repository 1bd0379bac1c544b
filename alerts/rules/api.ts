// The API service: availability, errors, latency, traffic, its process, and its view of the database and Redis.
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import { METRICS, METRIC_PREFIX } from '../../app/src/metric-catalog';
import { percent, tiered, type AlertRule } from '../rule';

const where = 'in namespace {{ $labels.namespace }}';

/** Raised on demand (GET /test-alert) to prove the alert path; Alertmanager sends it to every channel. */
export const TEST_ALERT = 'BrownieApiTestAlert';

export function apiRules(c: MonitoringConfig): AlertRule[] {
  const api = (...extra: string[]) => selector(c, SCRAPE_JOBS.api, ...extra);
  const requests = METRICS.httpRequests.name;
  const byJob = 'sum by (namespace, job)';
  const ratioOf5xx = (window: string) =>
    `${byJob} (rate(${requests}${api('status=~"5.."')}[${window}])) / ${byJob} (rate(${requests}${api()}[${window}]))`;
  const rps = (window: string, offset = '') =>
    `${byJob} (rate(${requests}${api()}[${window}]${offset ? ` offset ${offset}` : ''}))`;
  const latencyP95 = `histogram_quantile(0.95, sum by (namespace, job, le) (rate(${METRICS.httpRequestDuration.name}_bucket${api()}[5m])))`;
  const dbP95 = `histogram_quantile(0.95, sum by (namespace, job, pool, le) (rate(${METRICS.dbQueryDuration.name}_bucket${api()}[5m])))`;
  const dbQueries = METRICS.dbQueries.name;

  return [
    {
      alert: 'BrownieApiDown',
      severity: 'critical',
      for: c.for.down,
      expr: `${byJob} (up${api()}) == 0`,
      summary: 'No API pod answers',
      description: `Prometheus reaches none of the API pods ${where}: the metadata service is down for its callers.`,
    },
    ...tiered(
      { alert: 'BrownieApiErrorRateHigh', summary: 'The API answers many requests with 5xx' },
      {
        warning: { threshold: c.api.errorRatio.warning, for: c.for.normal },
        critical: { threshold: c.api.errorRatio.critical, for: c.for.fast },
      },
      (t) => `${ratioOf5xx('5m')} > ${t}`,
      (t) => `More than ${percent(t)} of API requests ${where} failed with a 5xx over the last 5 minutes.`,
    ),
    ...tiered(
      { alert: 'BrownieApiLatencyHigh', summary: 'API p95 latency is high' },
      {
        warning: { threshold: c.api.latencyP95Seconds.warning, for: c.for.normal },
        critical: { threshold: c.api.latencyP95Seconds.critical, for: c.for.fast },
      },
      (t) => `${latencyP95} > ${t}`,
      (t) => `The 95th percentile of API request duration ${where} has been above ${t}s.`,
    ),
    {
      alert: 'BrownieApiSlaBreach',
      severity: 'critical',
      for: c.for.normal,
      expr: `${ratioOf5xx(c.api.slaWindow)} > ${Number((1 - c.api.slaTarget).toFixed(6))}`,
      summary: 'API availability is below its objective',
      description: `Fewer than ${percent(c.api.slaTarget)} of API requests ${where} succeeded over the last ${c.api.slaWindow}.`,
    },
    {
      alert: 'BrownieApiRequestRateAnomaly',
      severity: 'warning',
      for: c.for.normal,
      expr: `${rps('5m')} > ${c.api.anomalyFactor} * ${rps('1h', '5m')} and ${rps('5m')} > ${c.api.anomalyMinRps}`,
      summary: 'API traffic jumped well above the previous hour',
      description: `API requests ${where} run at more than ${c.api.anomalyFactor}× the rate of the hour before: a client loop, a retry storm or abuse.`,
    },
    {
      alert: 'BrownieApiRequestRateHigh',
      severity: 'warning',
      for: c.for.normal,
      expr: `${rps('5m')} > ${c.api.maxRps}`,
      summary: 'API traffic is above what the platform is sized for',
      description: `API requests ${where} exceed ${c.api.maxRps} per second.`,
    },
    {
      alert: 'BrownieApiRateLimitingHigh',
      severity: 'info',
      for: c.for.slow,
      expr: `${byJob} (rate(${METRICS.rateLimited.name}${api()}[5m])) > ${c.api.rateLimitedRps}`,
      summary: 'The API refuses many requests with 429',
      description: `The rate limiter ${where} refuses more than ${c.api.rateLimitedRps} request(s) per second.`,
    },
    {
      alert: 'BrownieApiCpuHigh',
      severity: 'warning',
      for: c.for.slow,
      expr: `rate(${METRIC_PREFIX}process_cpu_seconds_total${api()}[5m]) > ${c.api.cpuCores}`,
      summary: 'An API pod uses much CPU',
      description: `API pod {{ $labels.pod }} ${where} uses more than ${c.api.cpuCores} CPU cores.`,
    },
    {
      alert: 'BrownieApiMemoryHigh',
      severity: 'warning',
      for: c.for.slow,
      expr: `${METRIC_PREFIX}process_resident_memory_bytes${api()} > ${c.api.memoryBytes}`,
      summary: 'An API pod uses much memory',
      description: `API pod {{ $labels.pod }} ${where} has more than ${c.api.memoryBytes} bytes resident.`,
    },
    {
      alert: 'BrownieApiEventLoopLagHigh',
      severity: 'warning',
      for: c.for.normal,
      expr: `${METRIC_PREFIX}nodejs_eventloop_lag_seconds${api()} > ${c.api.eventLoopLagSeconds}`,
      summary: 'An API pod is blocked on its event loop',
      description: `The Node.js event loop of API pod {{ $labels.pod }} ${where} lags more than ${c.api.eventLoopLagSeconds}s.`,
    },
    {
      alert: 'BrownieApiDatabaseUnreachable',
      severity: 'critical',
      for: c.for.fast,
      expr: `${METRICS.dependencyUp.name}${api('dependency="database"')} == 0`,
      summary: 'An API pod cannot reach the database',
      description: `API pod {{ $labels.pod }} ${where} fails its database readiness check.`,
    },
    {
      alert: 'BrownieApiRedisUnreachable',
      severity: 'warning',
      for: c.for.normal,
      expr: `${METRICS.dependencyUp.name}${api('dependency="redis"')} == 0`,
      summary: 'An API pod cannot reach Redis',
      description: `API pod {{ $labels.pod }} ${where} fails its Redis readiness check; caching and rate limits degrade.`,
    },
    {
      alert: 'BrownieApiDbPoolExhausted',
      severity: 'warning',
      for: c.for.normal,
      expr: `${METRICS.dbPoolConnections.name}${api('state="waiting"')} > 0`,
      summary: 'API requests wait for a database connection',
      description: `Requests of API pod {{ $labels.pod }} ${where} wait for a connection of the {{ $labels.pool }} pool.`,
    },
    {
      alert: 'BrownieApiSlowQueries',
      severity: 'warning',
      for: c.for.normal,
      expr: `${dbP95} > ${c.api.slowQueryP95Seconds}`,
      summary: 'API database queries are slow',
      description: `The 95th percentile of queries on the {{ $labels.pool }} pool ${where} is above ${c.api.slowQueryP95Seconds}s.`,
    },
    {
      alert: 'BrownieApiDatabaseErrors',
      severity: 'warning',
      for: c.for.normal,
      expr:
        `sum by (namespace, job, pool) (rate(${dbQueries}${api('outcome="error"')}[5m])) / ` +
        `sum by (namespace, job, pool) (rate(${dbQueries}${api()}[5m])) > ${c.api.dbErrorRatio}`,
      summary: 'API database queries fail',
      description: `More than ${percent(c.api.dbErrorRatio)} of queries on the {{ $labels.pool }} pool ${where} fail.`,
    },
    {
      alert: TEST_ALERT,
      severity: 'info',
      for: '0m',
      expr: `${METRICS.testAlert.name}${api()} == 1`,
      summary: 'Test alert raised by an operator',
      description: `An operator called GET /test-alert on API pod {{ $labels.pod }} ${where}: this checks the alert path end to end.`,
    },
  ];
}
