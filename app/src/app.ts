// createApp(deps) builds the Express app from ready-made dependencies; service.ts owns their lifecycle.
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TokenService } from './auth/tokens';
import type { BackupEngine } from './backup';
import type { BuildInfo } from './build-info';
import type { Config } from './config';
import type { Database } from './db/database';
import { ApiRegistry } from './http/api-registry';
import { authenticate } from './http/authenticate';
import { httpMetrics } from './http/http-metrics';
import { notFound, problemHandler } from './http/errors';
import { rateLimit } from './http/rate-limit';
import { requestId } from './http/request-id';
import type { Metrics } from './metrics';
import { agentConfigsResource } from './resources/agent-configs';
import { apiKeysResource } from './resources/api-keys';
import { configsResource } from './resources/configs';
import { incidentsResource } from './resources/incidents';
import { statsResource } from './resources/stats';
import { teamsResource } from './resources/teams';
import { usersResource } from './resources/users';
import { registerApiKeyRoutes } from './routes/api-keys';
import { registerAuditRoutes } from './routes/audit-events';
import { registerAuthRoutes } from './routes/auth';
import { docsRoutes } from './routes/docs';
import { registerEntityRoutes } from './routes/entity-routes';
import { healthRoutes } from './routes/health';
import { infoRoutes } from './routes/info';
import { metricsRoutes } from './routes/metrics';
import { operatorRoutes } from './routes/operator';
import { registerOrganizationRoutes } from './routes/organization';
import { registerStatsRoutes } from './routes/stats';
import { registerTeamMemberRoutes } from './routes/team-members';
import { AccountService } from './services/accounts';
import { registerBackupMetrics } from './services/backup-metrics';
import { registerBusinessMetrics } from './services/business-metrics';
import { EntityService } from './services/entities';
import { PrincipalResolver } from './services/principals';

export interface AppDeps {
  config: Pick<
    Config,
    | 'BODY_LIMIT'
    | 'READY_CHECK_TIMEOUT_MS'
    | 'REDIS_REQUIRED'
    | 'RATE_LIMIT_POINTS'
    | 'RATE_LIMIT_WINDOW_SECONDS'
    | 'API_KEY_CACHE_TTL_SECONDS'
    | 'METRICS_CACHE_SECONDS'
  >;
  logger: Logger;
  metrics: Metrics;
  db: Database;
  /** The replicas' pool; lists and reports read here. Defaults to the primary. */
  readDb?: Database;
  redis?: Redis;
  tokens: TokenService;
  build: BuildInfo;
  /** True once shutdown has begun: readiness fails so load balancers stop sending traffic. */
  isDraining?: () => boolean;
  /** Platform-operator endpoints: enabled by OPERATOR_TOKEN; backups when an engine is configured. */
  operator?: { token?: string; backups?: BackupEngine };
  /** Tests only: drop the service's own tenant filter to prove row-level security alone isolates tenants. */
  rlsOnly?: boolean;
}

/** Declares every /v1 route on a registry: the routes and the OpenAPI document come from the same declarations. */
export function buildApi(deps: AppDeps, resolver: PrincipalResolver): ApiRegistry {
  const readDb = deps.readDb ?? deps.db;
  const api = new ApiRegistry();
  const entities = new EntityService(deps.db, readDb, !deps.rlsOnly);
  registerAuthRoutes(api, new AccountService(deps.db, deps.tokens), entities);
  registerOrganizationRoutes(api, entities);
  registerEntityRoutes(api, entities, teamsResource);
  registerTeamMemberRoutes(api, entities, deps.db);
  registerEntityRoutes(api, entities, usersResource);
  registerEntityRoutes(api, entities, incidentsResource(deps.metrics));
  registerEntityRoutes(api, entities, agentConfigsResource);
  registerEntityRoutes(api, entities, configsResource);
  registerStatsRoutes(api, deps.db, readDb);
  registerEntityRoutes(api, entities, statsResource);
  registerApiKeyRoutes(
    api,
    entities,
    apiKeysResource((prefix) => resolver.invalidateApiKey(prefix)),
  );
  registerAuditRoutes(api, readDb);
  return api;
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

  const resolver = new PrincipalResolver(
    deps.db,
    deps.tokens,
    deps.redis,
    deps.config.API_KEY_CACHE_TTL_SECONDS,
    deps.logger,
  );
  const api = buildApi(deps, resolver);
  registerBusinessMetrics(deps.metrics, deps.db, deps.config.METRICS_CACHE_SECONDS);
  registerBackupMetrics(deps.metrics, deps.db, deps.config.METRICS_CACHE_SECONDS);

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
  app.use(operatorRoutes({ ...deps.operator, metrics: deps.metrics }));
  app.use(docsRoutes(api.openapi({ title: 'Brownie metadata API', version: deps.build.version })));
  app.use(
    api.router({
      db: deps.db,
      authenticate: authenticate(resolver),
      rateLimit: rateLimit({
        redis: deps.redis,
        points: deps.config.RATE_LIMIT_POINTS,
        windowSeconds: deps.config.RATE_LIMIT_WINDOW_SECONDS,
        metrics: deps.metrics,
      }),
    }),
  );

  app.use(notFound);
  app.use(problemHandler(deps.logger, (code) => deps.metrics.errors.inc({ type: code })));
  return app;
}
