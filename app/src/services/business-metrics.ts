// Platform-wide gauges counted in the database at scrape time, cached for a few seconds so that frequent or
// parallel scrapes cost one query, and never computed per request.
import type { Database } from '../db/database';
import type { Metrics } from '../metrics';

interface Total {
  metric: string;
  label: string;
  value: string;
}

export function registerBusinessMetrics(metrics: Metrics, db: Database, cacheSeconds: number): () => void {
  let cached: { at: number; totals: Promise<Total[]> } | undefined;
  const totals = () => {
    if (!cached || Date.now() - cached.at > cacheSeconds * 1000) {
      const query = db.query<Total>('SELECT metric, label, value::text FROM platform_totals()');
      cached = { at: Date.now(), totals: query };
      // A failed count is not cached: the next scrape tries again.
      query.catch(() => (cached = undefined));
    }
    return cached.totals.catch(() => [] as Total[]);
  };
  const plain = {
    organizations: 'organizations',
    teams: 'teams',
    users: 'users',
    usersActive: 'users_active',
  } as const;
  const stops = Object.entries(plain).map(([gauge, metric]) =>
    metrics.onCollect(gauge as keyof typeof plain, async (g) => {
      const row = (await totals()).find((t) => t.metric === metric);
      g.set(Number(row?.value ?? 0));
    }),
  );
  stops.push(
    metrics.onCollect('agentConfigs', async (g) => {
      g.reset();
      for (const t of (await totals()).filter((r) => r.metric === 'agent_configs'))
        g.set({ active: t.label }, Number(t.value));
    }),
    metrics.onCollect('incidentsActive', async (g) => {
      g.reset();
      for (const t of (await totals()).filter((r) => r.metric === 'incidents_active'))
        g.set({ priority: t.label }, Number(t.value));
    }),
  );
  return () => stops.forEach((stop) => stop());
}
