// Registers the catalog's metrics on a registry of its own per app, so several apps (tests) never collide.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX, METRICS, type MetricDef } from './metric-catalog';

function histogram<L extends string>(registry: Registry, m: MetricDef): Histogram<L> {
  return new Histogram<L>({
    name: m.name,
    help: m.help,
    labelNames: m.labelNames as L[],
    buckets: [...(m.buckets ?? [])],
    registers: [registry],
  });
}
const counter = <L extends string>(registry: Registry, m: MetricDef) =>
  new Counter<L>({ name: m.name, help: m.help, labelNames: m.labelNames as L[], registers: [registry] });
const gauge = <L extends string>(registry: Registry, m: MetricDef, collect?: (this: Gauge<L>) => void) =>
  new Gauge<L>({ name: m.name, help: m.help, labelNames: m.labelNames as L[], registers: [registry], collect });

export type Metrics = ReturnType<typeof createMetrics>;

export interface PoolStats {
  name: string;
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function createMetrics(options: { version: string; revision: string }) {
  const registry = new Registry();
  const pools = new Set<() => PoolStats>();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  gauge(registry, METRICS.buildInfo).set({ version: options.version, revision: options.revision }, 1);
  gauge<'pool' | 'state'>(registry, METRICS.dbPoolConnections, function collect() {
    // Read at scrape time: the pool knows its own counts, nothing to maintain per query.
    for (const stats of pools) {
      const pool = stats();
      this.set({ pool: pool.name, state: 'total' }, pool.totalCount);
      this.set({ pool: pool.name, state: 'idle' }, pool.idleCount);
      this.set({ pool: pool.name, state: 'waiting' }, pool.waitingCount);
    }
  });
  return {
    registry,
    /** Reports a pool's connection counts at every scrape; returns the function that stops it. */
    trackPool(stats: () => PoolStats): () => void {
      pools.add(stats);
      return () => pools.delete(stats);
    },
    httpRequests: counter<'method' | 'route' | 'status'>(registry, METRICS.httpRequests),
    httpRequestDuration: histogram<'method' | 'route' | 'status'>(registry, METRICS.httpRequestDuration),
    httpRequestsInFlight: gauge(registry, METRICS.httpRequestsInFlight),
    dbQueries: counter<'pool' | 'outcome'>(registry, METRICS.dbQueries),
    dbQueryDuration: histogram<'pool'>(registry, METRICS.dbQueryDuration),
    dependencyUp: gauge<'dependency'>(registry, METRICS.dependencyUp),
  };
}
