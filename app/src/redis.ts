import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A client that fails fast while Redis is away (no offline queue, one retry per command) and keeps reconnecting in
 * the background, so callers can fall back instead of hanging.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let up = true;
  client.on('error', (error: Error) => {
    // Log the transition once, not every reconnect attempt.
    if (up) logger.warn({ err: error.message }, 'redis unreachable');
    up = false;
  });
  client.on('ready', () => {
    if (!up) logger.info('redis reachable again');
    up = true;
  });
  return client;
}
