import { Router } from 'express';
import { checkReadiness, type HealthDeps } from '../services/health';
import type { BuildInfo } from '../build-info';

export function healthRoutes(deps: HealthDeps, build: BuildInfo): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res.status(readiness.status === 'unavailable' ? 503 : 200).json(readiness);
  });
  // The original service's combined view, same fields; unlike the original it answers 503 when unhealthy.
  router.get('/health', async (_req, res) => {
    const { status, checks } = await checkReadiness(deps);
    const healthy = status !== 'unavailable';
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'healthy' : 'unhealthy',
      timestamp: new Date().toISOString(),
      version: build.version,
      database: checks.database?.status === 'up' ? 'healthy' : 'unhealthy',
      ...(checks.redis ? { redis: checks.redis.status === 'up' ? 'healthy' : 'unhealthy' } : {}),
      checks,
    });
  });
  return router;
}
