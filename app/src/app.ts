// createApp(deps) builds the Express app from ready-made dependencies; main.ts owns their lifecycle.
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BuildInfo } from './build-info';
import type { Config } from './config';
import type { Database } from './db/database';
import { httpMetrics } from './http/http-metrics';
import { notFound, problemHandler } from './http/errors';
import { requestId } from './http/request-id';
import type { Metrics } from './metrics';
import { healthRoutes } from './routes/health';
import { infoRoutes } from './routes/info';
import { metricsRoutes } from './routes/metrics';

export interface AppDeps {
  config: Pick<Config, 'BODY_LIMIT' | 'READY_CHECK_TIMEOUT_MS' | 'REDIS_REQUIRED'>;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  redis?: Redis;
  build: BuildInfo;
  /** True once shutdown has begun: readiness fails so load balancers stop sending traffic. */
  isDraining?: () => boolean;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.set('etag', false);

  app.use(httpMetrics(deps.metrics));
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: requestId,
      // Probes and scrapes would drown the log.
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  app.use(express.json({ limit: deps.config.BODY_LIMIT }));

  app.use(infoRoutes(deps.build));
  app.use(
    healthRoutes(
      {
        db: deps.db,
        redis: deps.redis,
        redisRequired: deps.config.REDIS_REQUIRED,
        timeoutMs: deps.config.READY_CHECK_TIMEOUT_MS,
        metrics: deps.metrics,
        isDraining: deps.isDraining ?? (() => false),
      },
      deps.build,
    ),
  );
  app.use(metricsRoutes(deps.metrics.registry));

  app.use(notFound);
  app.use(problemHandler(deps.logger));
  return app;
}
