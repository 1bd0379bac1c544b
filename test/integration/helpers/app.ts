import type { Redis } from 'ioredis';
import pino from 'pino';
import { createApp, type AppDeps } from '../../../app/src/app';
import { createTokenService } from '../../../app/src/auth/tokens';
import { loadConfig } from '../../../app/src/config';
import { Database } from '../../../app/src/db/database';
import { createMetrics, type Metrics } from '../../../app/src/metrics';

export const silentLogger = pino({ level: 'silent' });
export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

function pool(url: string, name: 'primary' | 'replica', metrics: Metrics) {
  return new Database({
    connectionString: url,
    name,
    max: 4,
    statementTimeoutMs: 5_000,
    connectTimeoutMs: 1_000,
    metrics,
  });
}

/** The in-process app on a given database, as service.ts wires it, with its pieces exposed for assertions. */
export async function buildTestApp(
  databaseUrl: string,
  options: {
    redis?: Redis;
    env?: NodeJS.ProcessEnv;
    readUrl?: string;
    rlsOnly?: boolean;
    operator?: AppDeps['operator'];
  } = {},
) {
  // Tests send many requests as one principal: the limiter has its own test with a small budget.
  const config = loadConfig({
    JWT_SECRET: TEST_JWT_SECRET,
    METRICS_CACHE_SECONDS: '0',
    RATE_LIMIT_POINTS: '1000000',
    ...options.env,
  });
  const metrics = createMetrics({ version: 'test', revision: 'test' });
  const db = pool(databaseUrl, 'primary', metrics);
  const readDb = options.readUrl ? pool(options.readUrl, 'replica', metrics) : undefined;
  const tokens = await createTokenService(config);
  const build = { name: 'brownie-metadata-api', version: 'test', revision: 'test' };
  const app = createApp({
    config,
    logger: silentLogger,
    metrics,
    db,
    readDb,
    redis: options.redis,
    tokens,
    build,
    rlsOnly: options.rlsOnly,
    operator: options.operator,
  });
  return {
    app,
    db,
    metrics,
    config,
    tokens,
    close: async () => {
      await Promise.all([db.close(), readDb?.close()]);
    },
  };
}
