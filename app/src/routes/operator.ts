// Platform-operator endpoints: backups (the original's /backup/* paths) and the test alert. Never reachable with a
// tenant credential (see http/operator-auth.ts).
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { BackupEngine } from '../backup';
import { BackupError } from '../backup';
import type { Metrics } from '../metrics';
import { AppError } from '../http/errors';
import { operatorOnly } from '../http/operator-auth';
import { parseOr400 } from '../http/validation';

const STATUS_OF_EXIT: Record<number, number> = { 2: 400, 3: 404, 4: 422, 5: 409 };

function asProblem(error: unknown): never {
  if (error instanceof BackupError) {
    throw new AppError(
      STATUS_OF_EXIT[error.exitCode] ?? 500,
      error.exitCode === 5 ? 'run-in-progress' : 'backup-failed',
      'Backup operation refused',
      error.message,
    );
  }
  throw error;
}

/**
 * Starts a run and resolves with its id once it is recorded (the caller answers 202), or rejects at once when it is
 * refused (busy, bad input). Failures after the start are recorded in the run and logged.
 */
async function started(
  begin: (onStarted: (id: string) => void) => Promise<unknown>,
  logFailure: (error: unknown) => void,
): Promise<string> {
  let runId: string | undefined;
  return new Promise<string>((resolve, reject) => {
    begin((id) => {
      runId = id;
      resolve(id);
    }).catch((error: unknown) => (runId ? logFailure(error) : reject(error)));
  }).catch(asProblem);
}

export function operatorRoutes(deps: { token?: string; backups?: BackupEngine; metrics: Metrics }): Router {
  const router = Router();
  const auth = operatorOnly(deps.token);
  const engine = (): BackupEngine => {
    if (!deps.backups)
      throw new AppError(
        503,
        'backups-not-configured',
        'Backups not configured',
        'set BACKUP_DATABASE_URL and the BACKUP_* variables',
      );
    return deps.backups;
  };
  const body = (req: Request) => req.body ?? {};

  router.get('/backup/status', auth, async (_req, res) => {
    const e = engine();
    const [runs, backups] = await Promise.all([e.recentRuns(20), e.list()]);
    const last = (kind: string, status = 'success') => runs.find((r) => r.kind === kind && r.status === status) ?? null;
    res.json({
      destination: e.provider.destination,
      provider: e.provider.name,
      backups: backups.length,
      newest: backups[0] ?? null,
      running: runs.filter((r) => r.status === 'running'),
      last_backup: last('backup'),
      last_failure: last('backup', 'failure'),
      last_drill: last('drill'),
      runs,
    });
  });
  const create = async (req: Request, res: import('express').Response) => {
    const { name } = parseOr400(z.object({ name: z.string().min(1).max(200).optional() }), body(req), 'body');
    const e = engine();
    const id = await started(
      (onStarted) => e.backup({ name, onStarted }),
      (error) => req.log.error({ err: error }, 'backup failed'),
    );
    res.status(202).location(`/backup/runs/${id}`).json({ id, status: 'running' });
  };
  router.post('/backup/create', auth, create);
  router.post('/backup/run-now', auth, create);
  router.get('/backup/runs/:id', auth, async (req, res) => {
    const { id } = parseOr400(z.object({ id: z.uuid() }), req.params, 'path');
    const run = await engine().run(id);
    if (!run) throw new AppError(404, 'not-found', 'Not Found', `run ${id} does not exist`);
    res.json(run);
  });
  router.get('/backup/list', auth, async (_req, res) => {
    res.json({ items: await engine().list() });
  });
  router.post('/backup/restore', auth, async (req, res) => {
    const input = parseOr400(
      z.strictObject({
        name: z.string().min(1).max(200),
        target_db: z.string().min(1).max(63).optional(),
        force: z.boolean().default(false),
      }),
      body(req),
      'body',
    );
    const e = engine();
    await e.manifest(input.name).catch(asProblem);
    const id = await started(
      (onStarted) => e.restore(input.name, { targetDb: input.target_db, force: input.force, onStarted }),
      (error) => req.log.error({ err: error }, 'restore failed'),
    );
    res.status(202).location(`/backup/runs/${id}`).json({ id, status: 'running' });
  });
  router.delete('/backup/:name', auth, async (req, res) => {
    await engine().delete(String(req.params.name)).catch(asProblem);
    res.status(204).end();
  });
  router.post('/backup/cleanup', auth, async (req, res) => {
    const { dry_run } = parseOr400(z.object({ dry_run: z.boolean().default(false) }), body(req), 'body');
    res.json(await engine().cleanup({ dryRun: dry_run }).catch(asProblem));
  });

  // The end-to-end alert check: the TestAlert rule fires while this gauge is 1.
  let clearTestAlert: NodeJS.Timeout | undefined;
  router.get('/test-alert', auth, (req, res) => {
    const { minutes } = parseOr400(
      z.object({ minutes: z.coerce.number().min(0.05).max(60).default(5) }),
      req.query,
      'query',
    );
    deps.metrics.testAlert.set(1);
    clearTimeout(clearTestAlert);
    clearTestAlert = setTimeout(() => deps.metrics.testAlert.set(0), minutes * 60_000);
    clearTestAlert.unref();
    res.json({
      metric: 'brownie_test_alert_active',
      value: 1,
      until: new Date(Date.now() + minutes * 60_000).toISOString(),
    });
  });
  return router;
}
