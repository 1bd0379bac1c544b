import { platformConfig, parsePlatformConfig, PlatformConfigError, presets, deepMerge } from '../../../infra/config';

const rejection = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof PlatformConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a PlatformConfigError');
};

describe('platform config', () => {
  it.each(['dev', 'prod'] as const)('when the %s preset is loaded, then it passes every rule', (stack) => {
    expect(platformConfig(stack).environment).toBe(stack);
  });

  it('when the prod preset is loaded, then it runs 3 Patroni members in synchronous mode', () => {
    const prod = platformConfig('prod');
    expect(prod.postgres.replicas).toBeGreaterThanOrEqual(3);
    expect(prod.postgres.synchronousMode).toBe(true);
  });

  it('when overrides are merged, then nested fields change and their siblings stay', () => {
    const c = platformConfig('dev', { postgres: { replicas: 3 } });
    expect(c.postgres.replicas).toBe(3);
    expect(c.postgres.database).toBe(presets.dev.postgres.database);
  });

  it('when an array is overridden, then it replaces the preset array', () => {
    expect(deepMerge({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
  });

  it.each([
    [
      { postgres: { synchronousMode: true, replicas: 1 } },
      'postgres.synchronousMode: postgres.synchronousMode needs postgres.replicas ≥ 2 (got 1)',
    ],
    [
      { postgres: { synchronousModeStrict: true } },
      'postgres.synchronousModeStrict: postgres.synchronousModeStrict needs postgres.synchronousMode',
    ],
    [
      { postgres: { ttl: 20, loopWait: 10, retryTimeout: 10 } },
      'postgres.ttl: postgres.loopWait + 2 × postgres.retryTimeout must be ≤ postgres.ttl (10 + 2 × 10 > 20)',
    ],
    [
      { postgres: { ttl: 10, loopWait: 2, retryTimeout: 4 } },
      'postgres.ttl: postgres.ttl must be ≥ 20 for Patroni 3.3.2 (postgres.patroniVersion), which raises smaller values to 20 (got 10)',
    ],
    [
      { postgres: { retryTimeout: 2 } },
      'postgres.retryTimeout: postgres.retryTimeout must be ≥ 3 for Patroni 3.3.2 (postgres.patroniVersion)',
    ],
    [
      { postgres: { reservedConnections: 100 } },
      'postgres.reservedConnections: postgres.reservedConnections must be < postgres.maxConnections',
    ],
    [
      { pgbouncer: { replicas: 4 } },
      'pgbouncer.defaultPoolSize: pgbouncer.replicas × (pgbouncer.defaultPoolSize + pgbouncer.reservePoolSize) must fit under postgres.maxConnections − postgres.reservedConnections (100 > 80)',
    ],
    [
      { pgbouncer: { minPoolSize: 30 } },
      'pgbouncer.minPoolSize: pgbouncer.minPoolSize must be ≤ pgbouncer.defaultPoolSize',
    ],
    [
      { api: { dbPoolMax: 400 } },
      'api.dbPoolMax: api.dbPoolMax × api.hpa.maxReplicas must be ≤ pgbouncer.maxClientConnections × pgbouncer.replicas (1200 > 1000)',
    ],
    [
      { api: { hpa: { minReplicas: 4, maxReplicas: 3 } } },
      'api.hpa.minReplicas: api.hpa.minReplicas must be ≤ api.hpa.maxReplicas',
    ],
    [{ pgbouncer: { replicas: 1 } }, 'pgbouncer.replicas: Too small: expected number to be >=2'],
    [{ redis: { persistence: 'aof' } }, 'redis.storage: redis.persistence "aof" needs redis.storage'],
    [{ environment: 'prod' }, 'postgres.replicas: environment "prod" needs postgres.replicas ≥ 3'],
    [{ tls: { enabled: true } }, 'tls.postgresSecretName: tls.enabled needs tls.postgresSecretName'],
    [
      { api: { resources: { requests: { cpu: '2' } } } },
      'api.resources.requests.cpu: api.resources.requests.cpu must be ≤ api.resources.limits.cpu',
    ],
    [
      { redis: { resources: { requests: { memory: '1Gi' } } } },
      'redis.resources.requests.memory: redis.resources.requests.memory must be ≤ redis.resources.limits.memory',
    ],
    [{ backup: { provider: 'azure' } }, 'backup.azureAccountUrl: backup.provider "azure" needs backup.azureAccountUrl'],
    [
      { backup: { provider: 'gcs', region: 'eu-west-1' } },
      'backup.region: backup.region applies to provider "s3" only',
    ],
    [
      { postgres: { parameters: { wal_keep_segments: 64 } } },
      'postgres.parameters.wal_keep_segments: postgres.parameters.wal_keep_segments was removed in PostgreSQL 13 (use wal_keep_size)',
    ],
  ] as const)('when %j is set on dev, then the error names the fields', (override, expected) => {
    expect(rejection(() => platformConfig('dev', override as never))).toContain(expected);
  });

  it.each([
    [
      { postgres: { storage: { size: '5GB' } } },
      'postgres.storage.size: expected a memory quantity such as 512Mi or 2Gi',
    ],
    [{ backup: { recipients: [] } }, 'backup.recipients: expected at least one age recipient'],
    [{ backup: { schedule: 'hourly' } }, 'backup.schedule: expected a five-field cron schedule'],
    [{ pgbouncer: { version: 'latest' } }, 'pgbouncer.version: expected a version such as 1.23.1'],
    [{ name: 'Brownie' }, 'name: expected a DNS label'],
  ] as const)('when a field is malformed (%j), then the error names it', (override, expected) => {
    expect(rejection(() => platformConfig('dev', override as never))).toContain(expected);
  });

  it('when the Patroni release is one that accepts short timings (3.0.2, as Debian ships), then ttl 10 is valid', () => {
    const c = platformConfig('dev', { postgres: { patroniVersion: '3.0.2', ttl: 10, loopWait: 2, retryTimeout: 4 } });
    expect(c.postgres).toMatchObject({ ttl: 10, retryTimeout: 4 });
  });

  it('when several rules break at once, then every broken field is listed', () => {
    const message = rejection(() =>
      parsePlatformConfig(deepMerge(presets.dev, { postgres: { ttl: 5 }, api: { hpa: { minReplicas: 9 } } })),
    );
    expect(message).toContain('postgres.ttl');
    expect(message).toContain('api.hpa.minReplicas');
  });
});
