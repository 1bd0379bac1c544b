// The record of every run (table backup_runs): written by whichever process runs it, read by the API's metrics.
import type { Pool } from 'pg';

export type RunKind = 'backup' | 'restore' | 'verify' | 'drill' | 'cleanup';

export interface Run {
  id: string;
  kind: RunKind;
  name: string | null;
  status: 'running' | 'success' | 'failure';
  started_at: Date;
  finished_at: Date | null;
  bytes: string | null;
  error: string | null;
  details: Record<string, unknown>;
  triggered_by: string;
}

export class RunInProgressError extends Error {
  constructor() {
    super('another backup or restore is running; wait for it to finish (see `backup status`)');
    this.name = 'RunInProgressError';
  }
}

/** Runs still "running" after this long belong to a process that died; they no longer block new runs. */
const ABANDONED_AFTER = '6 hours';

export async function startRun(db: Pool, kind: RunKind, name: string | null, triggeredBy: string): Promise<string> {
  await db.query(
    `UPDATE backup_runs SET status = 'failure', finished_at = now(), error = 'abandoned: the process running it stopped'
     WHERE status = 'running' AND started_at < now() - interval '${ABANDONED_AFTER}'`,
  );
  try {
    const { rows } = await db.query<{ id: string }>(
      'INSERT INTO backup_runs (kind, name, triggered_by) VALUES ($1, $2, $3) RETURNING id',
      [kind, name, triggeredBy],
    );
    return rows[0]!.id;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new RunInProgressError();
    throw error;
  }
}

export async function finishRun(
  db: Pool,
  id: string,
  outcome: { error?: Error; bytes?: number; name?: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `UPDATE backup_runs SET status = $2, finished_at = now(), bytes = $3, error = $4, name = coalesce($5, name),
            details = details || $6::jsonb WHERE id = $1`,
    [
      id,
      outcome.error ? 'failure' : 'success',
      outcome.bytes ?? null,
      outcome.error?.message ?? null,
      outcome.name ?? null,
      JSON.stringify(outcome.details ?? {}),
    ],
  );
}

export async function recentRuns(db: Pool, limit = 20): Promise<Run[]> {
  return (await db.query<Run>('SELECT * FROM backup_runs ORDER BY started_at DESC LIMIT $1', [limit])).rows;
}

export async function getRun(db: Pool, id: string): Promise<Run | undefined> {
  return (await db.query<Run>('SELECT * FROM backup_runs WHERE id = $1', [id])).rows[0];
}
