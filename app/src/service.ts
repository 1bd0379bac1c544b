// Wires the dependencies, starts listening, and knows how to stop everything in order.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import { migrate } from '../../migrations/runner';
import { createApp } from './app';
import { createTokenService } from './auth/tokens';
import { createBackupEngine } from './backup';
import { buildInfo } from './build-info';
import type { Config } from './config';
import { Database } from './db/database';
import { DEMO, seedDemo } from './db/demo-seed';
import { ensureAppLogin, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { redactUrl } from './logging';
import { createMetrics } from './metrics';
import { createRedis } from './redis';

export interface RunningService {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes every pool. */
  stop(): Promise<void>;
}

async function prepareDatabase(
  config: Config,
  logger: Logger,
): Promise<{ url: string; ownerUrl?: string; embedded?: EmbeddedDatabase }> {
  const log = (message: string) => logger.debug({ component: 'migrations' }, message.trim());
  if (config.DATABASE_URL) {
    if (config.MIGRATE_ON_START) {
      const ownerUrl = config.MIGRATIONS_DATABASE_URL ?? config.DATABASE_URL;
      const applied = await migrate({ databaseUrl: ownerUrl, direction: 'up', target: { all: true }, log });
      logger.info({ applied }, 'migrations applied');
    }
    return { url: config.DATABASE_URL, ownerUrl: config.BACKUP_DATABASE_URL ?? config.MIGRATIONS_DATABASE_URL };
  }
  const embedded = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT, logger);
  try {
    const applied = await migrate({ databaseUrl: embedded.ownerUrl, direction: 'up', target: { all: true }, log });
    await ensureAppLogin(embedded.ownerUrl);
    const seeded = await seedDemo(embedded.ownerUrl);
    logger.info(
      { applied, ownerUrl: redactUrl(embedded.ownerUrl), seeded },
      `embedded PostgreSQL ready; demo login: ${DEMO.email} / ${DEMO.password} (organization "${DEMO.slug}")`,
    );
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.appUrl, ownerUrl: embedded.ownerUrl, embedded };
}

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const { url, ownerUrl, embedded } = await prepareDatabase(config, logger);
  // Operator backups run in this process too when it knows a role that can dump every tenant.
  const backups = ownerUrl ? createBackupEngine({ ...config, BACKUP_DATABASE_URL: ownerUrl }, 'api') : undefined;
  const build = buildInfo(config.SERVICE_NAME, config.GIT_REVISION);
  const metrics = createMetrics({ version: build.version, revision: build.revision });
  const db = new Database({
    connectionString: url,
    name: 'primary',
    max: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    metrics,
  });
  const readDb = config.DATABASE_READ_URL
    ? new Database({
        connectionString: config.DATABASE_READ_URL,
        name: 'replica',
        max: config.DB_POOL_MAX,
        statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
        connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
        metrics,
      })
    : undefined;
  const tokens = await createTokenService(config);
  if (tokens.ephemeral) logger.warn('JWT_SECRET unset: using a throw-away signing key; tokens end with this process');
  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    redis = createRedis(config.REDIS_URL, logger);
    // Not fatal: the client keeps reconnecting and readiness reports it.
    await redis.connect().catch(() => undefined);
  }

  let draining = false;
  const app = createApp({
    config,
    logger,
    metrics,
    db,
    readDb,
    redis,
    tokens,
    build,
    isDraining: () => draining,
    operator: { token: config.OPERATOR_TOKEN, backups },
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const serviceUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url: serviceUrl, version: build.version, revision: build.revision }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn('shutdown timeout: closing remaining connections');
          server.closeAllConnections();
          resolve();
        }, config.SHUTDOWN_TIMEOUT_MS);
      });
      await Promise.race([closed, deadline]);
      clearTimeout(timer);
      await Promise.all([db.close(), readDb?.close(), backups?.close()]);
      if (redis) await redis.quit().catch(() => redis?.disconnect());
      if (embedded) await embedded.stop();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { server, url: serviceUrl, stop };
}
