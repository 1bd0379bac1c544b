import type { Redis } from 'ioredis';
import pino from 'pino';
import { createApp } from '../../../app/src/app';
import { loadConfig } from '../../../app/src/config';
import { Database } from '../../../app/src/db/database';
import { createMetrics, type Metrics } from '../../../app/src/metrics';

export const silentLogger = pino({ level: 'silent' });

/** The in-process app on a given database, as main.ts wires it, with its pieces exposed for assertions. */
export function buildTestApp(databaseUrl: string, options: { redis?: Redis; env?: NodeJS.ProcessEnv } = {}) {
  const config = loadConfig({ ...options.env });
  const metrics: Metrics = createMetrics({ version: 'test', revision: 'test' });
  const db = new Database({
    connectionString: databaseUrl,
    name: 'primary',
    max: 4,
    statementTimeoutMs: 5_000,
    connectTimeoutMs: 1_000,
    metrics,
  });
  const build = { name: 'brownie-metadata-api', version: 'test', revision: 'test' };
  const app = createApp({ config, logger: silentLogger, metrics, db, redis: options.redis, build });
  return { app, db, metrics, config };
}
