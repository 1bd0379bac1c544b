import { Router } from 'express';
import type { BuildInfo } from '../build-info';

export function infoRoutes(build: BuildInfo): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      name: build.name,
      version: build.version,
      revision: build.revision,
      links: { live: '/health/live', ready: '/health/ready', metrics: '/metrics' },
    });
  });
  return router;
}
