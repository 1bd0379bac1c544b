import { METRICS, METRIC_PREFIX } from '../../../app/src/metric-catalog';
import { target, type InputSeries, type Scenario } from '../scenario';
import { API, API_2, jobOf } from './labels';

const api = target(API);
const api2 = target(API_2);
const requests = METRICS.httpRequests.name;
const route = { method: 'GET', route: '/v1/incidents' };
/** Requests per minute answered with 200 and with 500. */
const traffic = (ok: number, failed: number): InputSeries[] => [
  api(requests, `0+${ok}x90`, { ...route, status: '200' }),
  api(requests, `0+${failed}x90`, { ...route, status: '500' }),
];
/** A histogram with `perMinute` observations per minute, all in the bucket that ends at `bucket`. */
const histogram = (metric: string, les: number[], bucket: number, perMinute: number, extra = {}): InputSeries[] =>
  [...les.map(String), '+Inf'].map((le) =>
    api(`${metric}_bucket`, le === '+Inf' || Number(le) >= bucket ? `0+${perMinute}x60` : '0x60', { ...extra, le }),
  );
const httpLes = [0.5, 1, 2.5, 5, 10];
const latency = (bucket: number) =>
  histogram(METRICS.httpRequestDuration.name, httpLes, bucket, 100, { ...route, status: '200' });
const dbLes = [0.25, 0.5, 1, 2.5];
const dbLatency = (bucket: number) => histogram(METRICS.dbQueryDuration.name, dbLes, bucket, 100, { pool: 'primary' });
const dbQueries = (ok: number, failed: number) => [
  api(METRICS.dbQueries.name, `0+${ok}x60`, { pool: 'primary', outcome: 'ok' }),
  api(METRICS.dbQueries.name, `0+${failed}x60`, { pool: 'primary', outcome: 'error' }),
];
const dependency = (database: string, redis: string) => [
  api(METRICS.dependencyUp.name, database, { dependency: 'database' }),
  api(METRICS.dependencyUp.name, redis, { dependency: 'redis' }),
];
const { job, namespace, pod, instance } = API;

export const apiScenarios: Scenario[] = [
  {
    alert: 'BrownieApiDown',
    severity: 'critical',
    firing: [api('up', '0x30'), api2('up', '0x30')],
    labels: jobOf(API),
    // One pod of two down is not the service down.
    quiet: [api('up', '0x30'), api2('up', '1x30')],
  },
  {
    alert: 'BrownieApiErrorRateHigh',
    severity: 'warning',
    firing: traffic(940, 60),
    trueFrom: '1m',
    labels: jobOf(API),
    quiet: traffic(960, 40),
  },
  {
    alert: 'BrownieApiErrorRateHigh',
    severity: 'critical',
    firing: traffic(880, 120),
    trueFrom: '1m',
    labels: jobOf(API),
    quiet: traffic(920, 80),
    quietSiblingFires: 'warning',
  },
  {
    alert: 'BrownieApiLatencyHigh',
    severity: 'warning',
    firing: latency(5), // p95 4.875 s
    trueFrom: '1m',
    labels: jobOf(API),
    quiet: latency(1), // p95 0.975 s
  },
  {
    alert: 'BrownieApiLatencyHigh',
    severity: 'critical',
    firing: latency(10), // p95 9.75 s
    trueFrom: '1m',
    labels: jobOf(API),
    quiet: latency(5),
    quietSiblingFires: 'warning',
  },
  {
    alert: 'BrownieApiSlaBreach',
    severity: 'critical',
    firing: traffic(99, 1), // 1% failed over the window
    trueFrom: '1m',
    labels: jobOf(API),
    quiet: traffic(499, 1), // 0.2%
  },
  {
    alert: 'BrownieApiRequestRateAnomaly',
    severity: 'warning',
    // 1 request/s for 80 minutes, then 40/s.
    firing: [api(requests, '0+60x80 7200+2400x30', { ...route, status: '200' })],
    trueFrom: '81m',
    labels: jobOf(API),
    // Doubling from 10/s to 20/s is growth, not an anomaly.
    quiet: [api(requests, '0+600x80 49200+1200x30', { ...route, status: '200' })],
  },
  {
    alert: 'BrownieApiRequestRateHigh',
    severity: 'warning',
    firing: [api(requests, '0+36000x60', { ...route, status: '200' })],
    trueFrom: '5m', // once the 5m window holds five minutes of samples
    labels: jobOf(API),
    quiet: [api(requests, '0+24000x60', { ...route, status: '200' })],
  },
  {
    alert: 'BrownieApiRateLimitingHigh',
    severity: 'info',
    firing: [api(METRICS.rateLimited.name, '0+120x60')],
    trueFrom: '3m',
    labels: jobOf(API),
    quiet: [api(METRICS.rateLimited.name, '0+30x60')],
  },
  {
    alert: 'BrownieApiCpuHigh',
    severity: 'warning',
    firing: [api(`${METRIC_PREFIX}process_cpu_seconds_total`, '0+54x60')],
    trueFrom: '5m',
    labels: { job, namespace, pod, instance },
    quiet: [api(`${METRIC_PREFIX}process_cpu_seconds_total`, '0+30x60')],
  },
  {
    alert: 'BrownieApiMemoryHigh',
    severity: 'warning',
    firing: [api(`${METRIC_PREFIX}process_resident_memory_bytes`, '1200000000x60')],
    labels: { job, namespace, pod, instance },
    quiet: [api(`${METRIC_PREFIX}process_resident_memory_bytes`, '900000000x60')],
  },
  {
    alert: 'BrownieApiEventLoopLagHigh',
    severity: 'warning',
    firing: [api(`${METRIC_PREFIX}nodejs_eventloop_lag_seconds`, '0.8x30')],
    labels: { job, namespace, pod, instance },
    quiet: [api(`${METRIC_PREFIX}nodejs_eventloop_lag_seconds`, '0.1x30')],
  },
  {
    alert: 'BrownieApiDatabaseUnreachable',
    severity: 'critical',
    firing: dependency('0x30', '1x30'),
    labels: { ...API, dependency: 'database' },
    quiet: dependency('1x30', '0x30'),
  },
  {
    alert: 'BrownieApiRedisUnreachable',
    severity: 'warning',
    firing: dependency('1x30', '0x30'),
    labels: { ...API, dependency: 'redis' },
    quiet: dependency('0x30', '1x30'),
  },
  {
    alert: 'BrownieApiDbPoolExhausted',
    severity: 'warning',
    firing: [api(METRICS.dbPoolConnections.name, '3x30', { pool: 'primary', state: 'waiting' })],
    labels: { ...API, pool: 'primary', state: 'waiting' },
    quiet: [
      api(METRICS.dbPoolConnections.name, '0x30', { pool: 'primary', state: 'waiting' }),
      api(METRICS.dbPoolConnections.name, '10x30', { pool: 'primary', state: 'total' }),
    ],
  },
  {
    alert: 'BrownieApiSlowQueries',
    severity: 'warning',
    firing: dbLatency(2.5), // p95 2.425 s
    trueFrom: '1m',
    labels: { ...jobOf(API), pool: 'primary' },
    quiet: dbLatency(0.5), // p95 0.4875 s
  },
  {
    alert: 'BrownieApiDatabaseErrors',
    severity: 'warning',
    firing: dbQueries(294, 6), // 2%
    trueFrom: '1m',
    labels: { ...jobOf(API), pool: 'primary' },
    quiet: dbQueries(199, 1), // 0.5%
  },
  {
    alert: 'BrownieApiTestAlert',
    severity: 'info',
    firing: [api(METRICS.testAlert.name, '0x2 1x20')],
    trueFrom: '3m',
    labels: { job, namespace, pod, instance },
    quiet: [api(METRICS.testAlert.name, '0x30')],
  },
];
