// Backup metrics come from the recorded runs (table backup_runs), not from this process's memory: the CronJob, the
// CLI and any API replica may have run them, and the figures must survive restarts.
import type { Database } from '../db/database';
import type { Metrics } from '../metrics';

interface Summary {
  successes: string;
  failures: string;
  errors_by_kind: Record<string, number>;
  last_success_at: string | null;
  last_size: string | null;
  last_duration: string | null;
  last_drill_at: string | null;
}

const SUMMARY = `
  SELECT count(*) FILTER (WHERE kind = 'backup' AND status = 'success') AS successes,
         count(*) FILTER (WHERE kind = 'backup' AND status = 'failure') AS failures,
         coalesce((SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*) AS n FROM backup_runs WHERE status = 'failure' GROUP BY kind) f), '{}') AS errors_by_kind,
         extract(epoch FROM max(finished_at) FILTER (WHERE kind = 'backup' AND status = 'success')) AS last_success_at,
         (SELECT bytes FROM backup_runs WHERE kind = 'backup' AND status = 'success' ORDER BY finished_at DESC LIMIT 1) AS last_size,
         (SELECT extract(epoch FROM finished_at - started_at) FROM backup_runs WHERE kind = 'backup' AND status <> 'running' ORDER BY finished_at DESC LIMIT 1) AS last_duration,
         extract(epoch FROM max(finished_at) FILTER (WHERE kind = 'drill' AND status = 'success')) AS last_drill_at
  FROM backup_runs`;

export function registerBackupMetrics(metrics: Metrics, db: Database, cacheSeconds: number): void {
  let cached: { at: number; summary: Promise<Summary | undefined> } | undefined;
  const summary = () => {
    if (!cached || Date.now() - cached.at > cacheSeconds * 1000) {
      cached = { at: Date.now(), summary: db.query<Summary>(SUMMARY).then((rows) => rows[0]) };
      // A failed read is not cached (and reported as nothing rather than as zeros).
      cached.summary.catch(() => (cached = undefined));
    }
    return cached.summary.catch(() => undefined);
  };
  const set = (value: string | null | undefined, apply: (n: number) => void) => {
    if (value !== null && value !== undefined) apply(Number(value));
  };
  metrics.onCollect('backups', async (c) => {
    const s = await summary();
    if (!s) return;
    c.reset();
    c.inc({ result: 'success' }, Number(s.successes));
    c.inc({ result: 'failure' }, Number(s.failures));
  });
  metrics.onCollect('backupErrors', async (c) => {
    const s = await summary();
    if (!s) return;
    c.reset();
    for (const [kind, n] of Object.entries(s.errors_by_kind)) c.inc({ kind }, n);
  });
  metrics.onCollect('backupLastSuccess', async (g) => set((await summary())?.last_success_at, (n) => g.set(n)));
  metrics.onCollect('backupSize', async (g) => set((await summary())?.last_size, (n) => g.set(n)));
  metrics.onCollect('backupDuration', async (g) => set((await summary())?.last_duration, (n) => g.set(n)));
  metrics.onCollect('restoreDrillLastSuccess', async (g) => set((await summary())?.last_drill_at, (n) => g.set(n)));
}
