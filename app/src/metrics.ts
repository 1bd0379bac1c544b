// Registers every metric of the catalog on a registry of its own per app, so several apps (tests) never collide.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX, METRICS, type MetricDef } from './metric-catalog';

type Catalog = typeof METRICS;
type Instrument<D extends MetricDef> = D['type'] extends 'counter'
  ? Counter<string>
  : D['type'] extends 'gauge'
    ? Gauge<string>
    : Histogram<string>;
type Instruments = { [K in keyof Catalog]: Instrument<Catalog[K]> };
/** Gauges and counters can be set at scrape time (a counter from a count that only grows, such as recorded runs). */
type CollectedName = { [K in keyof Catalog]: Catalog[K]['type'] extends 'histogram' ? never : K }[keyof Catalog];
type Collected = Gauge<string> | Counter<string>;

export interface PoolStats {
  name: string;
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: { version: string; revision: string }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  // Gauges computed at scrape time call the hooks registered for them (pool counts, business totals).
  const hooks = new Map<string, Set<(metric: Collected) => void | Promise<void>>>();
  const collect = (key: string) =>
    async function (this: Collected) {
      for (const hook of hooks.get(key) ?? []) await hook(this);
    };

  const instruments = Object.fromEntries(
    Object.entries(METRICS).map(([key, m]: [string, MetricDef]) => {
      const common = { name: m.name, help: m.help, labelNames: [...m.labelNames], registers: [registry] };
      if (m.type === 'counter') return [key, new Counter({ ...common, collect: collect(key) })];
      if (m.type === 'histogram') return [key, new Histogram({ ...common, buckets: [...(m.buckets ?? [])] })];
      return [key, new Gauge({ ...common, collect: collect(key) })];
    }),
  ) as Instruments;
  instruments.buildInfo.set({ version: options.version, revision: options.revision }, 1);

  /** Runs `hook` at every scrape to set the metric; returns the function that removes it. */
  function onCollect<N extends CollectedName>(
    name: N,
    hook: (metric: Instruments[N]) => void | Promise<void>,
  ): () => void {
    const set = hooks.get(name) ?? new Set();
    const untyped = hook as (metric: Collected) => void | Promise<void>;
    hooks.set(name, set.add(untyped));
    return () => set.delete(untyped);
  }

  return {
    ...instruments,
    registry,
    onCollect,
    /** Reports a pool's connection counts at every scrape; returns the function that stops it. */
    trackPool(stats: () => PoolStats): () => void {
      return onCollect('dbPoolConnections', (gauge) => {
        const pool = stats();
        gauge.set({ pool: pool.name, state: 'total' }, pool.totalCount);
        gauge.set({ pool: pool.name, state: 'idle' }, pool.idleCount);
        gauge.set({ pool: pool.name, state: 'waiting' }, pool.waitingCount);
      });
    },
  };
}
