// Per-principal (else per-IP) rate limit on Redis, falling back to an in-process limiter while Redis is away.
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Metrics } from '../metrics';
import { AppError } from './errors';

export function rateLimit(options: {
  redis?: Redis;
  points: number;
  windowSeconds: number;
  metrics: Metrics;
}): RequestHandler {
  const memory = new RateLimiterMemory({
    points: options.points,
    duration: options.windowSeconds,
    keyPrefix: 'brownie-rl',
  });
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis,
        useRedisPackage: false,
        points: options.points,
        duration: options.windowSeconds,
        keyPrefix: 'brownie:rl',
        insuranceLimiter: memory,
        rejectIfRedisNotReady: true,
      })
    : memory;

  return async (req, res, next) => {
    const key = req.principal ? `${req.principal.kind}:${req.principal.id}` : `ip:${req.ip}`;
    const headers = (r: RateLimiterRes) => ({
      'ratelimit-limit': String(options.points),
      'ratelimit-remaining': String(Math.max(0, r.remainingPoints)),
      'ratelimit-reset': String(Math.ceil(r.msBeforeNext / 1000)),
    });
    try {
      const result = await limiter.consume(key);
      res.set(headers(result));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      options.metrics.rateLimited.inc();
      const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw new AppError(
        429,
        'rate-limited',
        'Too Many Requests',
        `retry in ${retryAfter} s`,
        {},
        {
          ...headers(rejection),
          'retry-after': retryAfter,
        },
      );
    }
    next();
  };
}
