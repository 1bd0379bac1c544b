// The API: traffic, errors and latency per route, its process, and its view of the database and Redis.
import { METRICS, METRIC_PREFIX } from '../app/src/metric-catalog';
import { SCRAPE_JOBS } from '../alerts/jobs';
import { sel, type DashboardSpec } from './panels';

const api = (...extra: string[]) => sel(SCRAPE_JOBS.api, ...extra);
const requests = METRICS.httpRequests.name;
const rate = (metric: string, selector: string) => `rate(${metric}${selector}[$__rate_interval])`;
const quantile = (q: number, by: string) =>
  `histogram_quantile(${q}, sum by (${by}) (${rate(`${METRICS.httpRequestDuration.name}_bucket`, api())}))`;

export const apiDashboard: DashboardSpec = {
  uid: 'brownie-api',
  title: 'Brownie / API',
  description: 'Request rate, errors and latency per route of the metadata API, its pods and its dependencies.',
  tags: ['api'],
  rows: [
    {
      title: 'Overview',
      panels: [
        {
          kind: 'stat',
          title: 'Request rate',
          description: 'Requests per second served by all API pods.',
          unit: 'reqps',
          queries: [{ expr: `sum(${rate(requests, api())})` }],
        },
        {
          kind: 'stat',
          title: 'Availability',
          description: 'Share of requests answered without a 5xx over the selected time range.',
          unit: 'percentunit',
          queries: [
            {
              expr: `1 - (sum(increase(${requests}${api('status=~"5.."')}[$__range])) or vector(0)) / sum(increase(${requests}${api()}[$__range]))`,
            },
          ],
          thresholds: [0.99, 0.995],
          lowerIsWorse: true,
        },
        {
          kind: 'stat',
          title: 'p95 latency',
          description: '95th percentile of request duration across all routes.',
          unit: 's',
          queries: [{ expr: quantile(0.95, 'le') }],
          thresholds: [2, 5],
        },
        {
          kind: 'stat',
          title: 'In flight',
          description: 'Requests being served right now, all pods.',
          unit: 'short',
          queries: [{ expr: `sum(${METRICS.httpRequestsInFlight.name}${api()})` }],
        },
        {
          kind: 'stat',
          title: 'Pods up',
          description: 'API pods Prometheus can scrape.',
          unit: 'short',
          queries: [{ expr: `sum(up${api()})` }],
        },
        {
          kind: 'stat',
          title: 'Rate limited',
          description: 'Requests refused with 429 per second.',
          unit: 'reqps',
          queries: [{ expr: `sum(${rate(METRICS.rateLimited.name, api())})` }],
          thresholds: [0.1, 1],
        },
      ],
    },
    {
      title: 'Traffic and errors',
      panels: [
        {
          kind: 'timeseries',
          title: 'Requests by route',
          description: 'Requests per second by route template and method.',
          unit: 'reqps',
          queries: [{ expr: `sum by (method, route) (${rate(requests, api())})`, legend: '{{method}} {{route}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Error ratio by route',
          description: 'Share of requests of each route answered with a 5xx (alerting at 5% and 10% overall).',
          unit: 'percentunit',
          queries: [
            {
              expr: `sum by (route) (${rate(requests, api('status=~"5.."'))}) / sum by (route) (${rate(requests, api())})`,
              legend: '{{route}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Responses by status',
          description: 'Responses per second by status code.',
          unit: 'reqps',
          queries: [{ expr: `sum by (status) (${rate(requests, api())})`, legend: '{{status}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Errors by problem type',
          description:
            'Error responses per second by RFC 9457 problem type (validation, not-found, conflict, internal…).',
          unit: 'reqps',
          queries: [{ expr: `sum by (type) (${rate(METRICS.errors.name, api())})`, legend: '{{type}}' }],
        },
      ],
    },
    {
      title: 'Latency',
      panels: [
        {
          kind: 'timeseries',
          title: 'Latency percentiles',
          description: 'p50, p95 and p99 of request duration across all routes.',
          unit: 's',
          queries: [
            { expr: quantile(0.5, 'le'), legend: 'p50' },
            { expr: quantile(0.95, 'le'), legend: 'p95' },
            { expr: quantile(0.99, 'le'), legend: 'p99' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'p95 latency by route',
          description: '95th percentile of request duration per route template.',
          unit: 's',
          queries: [{ expr: quantile(0.95, 'route, le'), legend: '{{route}}' }],
        },
      ],
    },
    {
      title: 'Pods',
      panels: [
        {
          kind: 'timeseries',
          title: 'CPU',
          description: 'CPU cores used by each API process.',
          unit: 'short',
          queries: [{ expr: rate(`${METRIC_PREFIX}process_cpu_seconds_total`, api()), legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Resident memory',
          description: 'Resident memory of each API process.',
          unit: 'bytes',
          queries: [{ expr: `${METRIC_PREFIX}process_resident_memory_bytes${api()}`, legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Heap used',
          description: 'V8 heap in use per pod; a steady climb is a leak.',
          unit: 'bytes',
          queries: [{ expr: `${METRIC_PREFIX}nodejs_heap_size_used_bytes${api()}`, legend: '{{pod}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Event loop lag',
          description: 'How late the Node.js event loop runs per pod; every request on the pod waits this long.',
          unit: 's',
          queries: [{ expr: `${METRIC_PREFIX}nodejs_eventloop_lag_seconds${api()}`, legend: '{{pod}}' }],
        },
      ],
    },
    {
      title: 'Dependencies',
      panels: [
        {
          kind: 'timeseries',
          title: 'Dependency checks',
          description: 'Last readiness check per pod and dependency: 1 reached, 0 failed.',
          unit: 'short',
          queries: [{ expr: `${METRICS.dependencyUp.name}${api()}`, legend: '{{pod}} {{dependency}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Database pool',
          description: 'Connections of the API pools by state; waiting clients mean the pool is exhausted.',
          unit: 'short',
          queries: [
            { expr: `sum by (pool, state) (${METRICS.dbPoolConnections.name}${api()})`, legend: '{{pool}} {{state}}' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Queries by outcome',
          description: 'Database queries per second by pool and outcome.',
          unit: 'ops',
          queries: [
            {
              expr: `sum by (pool, outcome) (${rate(METRICS.dbQueries.name, api())})`,
              legend: '{{pool}} {{outcome}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Query p95 by pool',
          description: '95th percentile of database query duration per pool (alerting above 1 s).',
          unit: 's',
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (pool, le) (${rate(`${METRICS.dbQueryDuration.name}_bucket`, api())}))`,
              legend: '{{pool}}',
            },
          ],
        },
      ],
    },
  ],
};
