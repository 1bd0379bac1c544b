import type { Redis } from 'ioredis';
import type { Database } from '../db/database';
import type { Metrics } from '../metrics';

export type CheckStatus = 'up' | 'down';
export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  error?: string;
}
export interface Readiness {
  status: 'ready' | 'degraded' | 'unavailable';
  checks: Record<string, CheckResult>;
}

export interface HealthDeps {
  db: Database;
  redis?: Redis;
  /** When false (the default), Redis being away degrades readiness instead of failing it: it is only a cache. */
  redisRequired: boolean;
  timeoutMs: number;
  metrics: Metrics;
  isDraining: () => boolean;
}

async function timedCheck(run: () => Promise<unknown>): Promise<CheckResult> {
  const start = performance.now();
  try {
    await run();
    return { status: 'up', latencyMs: Math.round(performance.now() - start) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - start), error: (error as Error).message };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(deps: HealthDeps): Promise<Readiness> {
  const redis = deps.redis;
  const [database, cache] = await Promise.all([
    timedCheck(() => deps.db.ping(deps.timeoutMs)),
    redis ? timedCheck(() => withTimeout(redis.ping(), deps.timeoutMs)) : Promise.resolve(undefined),
  ]);
  const checks: Record<string, CheckResult> = { database };
  deps.metrics.dependencyUp.set({ dependency: 'database' }, database.status === 'up' ? 1 : 0);
  if (cache) {
    checks.redis = cache;
    deps.metrics.dependencyUp.set({ dependency: 'redis' }, cache.status === 'up' ? 1 : 0);
  }
  if (deps.isDraining()) {
    checks.shutdown = { status: 'down', latencyMs: 0, error: 'shutting down' };
  }
  const redisDown = cache?.status === 'down';
  const failed = database.status === 'down' || deps.isDraining() || (redisDown && deps.redisRequired);
  return { status: failed ? 'unavailable' : redisDown ? 'degraded' : 'ready', checks };
}
