// Rules that relate fields to each other. Each names every field it involves, so a bad stack config says what to fix.
import type { PlatformConfig, Resources } from './schema';
import { cpuCores, memoryBytes } from './quantity';
import { REMOVED_PARAMETERS } from './removed-parameters';
import { versionAtLeast } from './version';

export interface RuleViolation {
  /** The field to change, as a path into the config. */
  path: string[];
  message: string;
}

type Rule = (c: PlatformConfig) => RuleViolation | undefined;

const violation = (path: string, message: string): RuleViolation => ({ path: path.split('.'), message });

const resourceOwners = (c: PlatformConfig): [string, Resources][] => [
  ['postgres.resources', c.postgres.resources],
  ['pgbouncer.resources', c.pgbouncer.resources],
  ['redis.resources', c.redis.resources],
  ['api.resources', c.api.resources],
  ['backup.resources', c.backup.resources],
  ['monitoring.resources', c.monitoring.resources],
];

/**
 * The least ttl and retry_timeout Patroni takes. Releases after 3.0.2 (the newest verified here to accept less) raise
 * smaller values at run time with only a warning and refuse them in --validate-config, so a stack asking for less
 * would silently run with other timings than the ones it reviewed.
 */
export const PATRONI_TIMING_MINIMUMS = { ttl: 20, retryTimeout: 3 } as const;

/** PgBouncer opens at most default + reserve pool connections per instance (max_db_connections enforces it). */
export const pgbouncerServerConnections = (c: PlatformConfig): number =>
  c.pgbouncer.replicas * (c.pgbouncer.defaultPoolSize + c.pgbouncer.reservePoolSize);

const rules: Rule[] = [
  (c) =>
    c.postgres.synchronousMode && c.postgres.replicas < 2
      ? violation(
          'postgres.synchronousMode',
          `postgres.synchronousMode needs postgres.replicas ≥ 2 (got ${c.postgres.replicas})`,
        )
      : undefined,
  (c) =>
    c.postgres.synchronousModeStrict && !c.postgres.synchronousMode
      ? violation('postgres.synchronousModeStrict', 'postgres.synchronousModeStrict needs postgres.synchronousMode')
      : undefined,
  (c) =>
    c.postgres.loopWait + 2 * c.postgres.retryTimeout > c.postgres.ttl
      ? violation(
          'postgres.ttl',
          `postgres.loopWait + 2 × postgres.retryTimeout must be ≤ postgres.ttl ` +
            `(${c.postgres.loopWait} + 2 × ${c.postgres.retryTimeout} > ${c.postgres.ttl})`,
        )
      : undefined,
  ...(['ttl', 'retryTimeout'] as const).map(
    (field): Rule =>
      (c) => {
        const minimum = PATRONI_TIMING_MINIMUMS[field];
        const { patroniVersion } = c.postgres;
        return versionAtLeast(patroniVersion, '3.0.3') && c.postgres[field] < minimum
          ? violation(
              `postgres.${field}`,
              `postgres.${field} must be ≥ ${minimum} for Patroni ${patroniVersion} (postgres.patroniVersion), ` +
                `which raises smaller values to ${minimum} (got ${c.postgres[field]})`,
            )
          : undefined;
      },
  ),
  (c) =>
    c.postgres.reservedConnections >= c.postgres.maxConnections
      ? violation(
          'postgres.reservedConnections',
          `postgres.reservedConnections must be < postgres.maxConnections ` +
            `(${c.postgres.reservedConnections} ≥ ${c.postgres.maxConnections})`,
        )
      : undefined,
  (c) => {
    const needed = pgbouncerServerConnections(c);
    const available = c.postgres.maxConnections - c.postgres.reservedConnections;
    return needed > available
      ? violation(
          'pgbouncer.defaultPoolSize',
          `pgbouncer.replicas × (pgbouncer.defaultPoolSize + pgbouncer.reservePoolSize) must fit under ` +
            `postgres.maxConnections − postgres.reservedConnections (${needed} > ${available})`,
        )
      : undefined;
  },
  (c) =>
    c.pgbouncer.minPoolSize > c.pgbouncer.defaultPoolSize
      ? violation(
          'pgbouncer.minPoolSize',
          `pgbouncer.minPoolSize must be ≤ pgbouncer.defaultPoolSize ` +
            `(${c.pgbouncer.minPoolSize} > ${c.pgbouncer.defaultPoolSize})`,
        )
      : undefined,
  (c) => {
    const clients = c.api.dbPoolMax * c.api.hpa.maxReplicas;
    const accepted = c.pgbouncer.maxClientConnections * c.pgbouncer.replicas;
    return clients > accepted
      ? violation(
          'api.dbPoolMax',
          `api.dbPoolMax × api.hpa.maxReplicas must be ≤ pgbouncer.maxClientConnections × pgbouncer.replicas ` +
            `(${clients} > ${accepted})`,
        )
      : undefined;
  },
  (c) =>
    c.api.hpa.minReplicas > c.api.hpa.maxReplicas
      ? violation(
          'api.hpa.minReplicas',
          `api.hpa.minReplicas must be ≤ api.hpa.maxReplicas (${c.api.hpa.minReplicas} > ${c.api.hpa.maxReplicas})`,
        )
      : undefined,
  (c) =>
    c.redis.persistence !== 'none' && !c.redis.storage
      ? violation('redis.storage', `redis.persistence "${c.redis.persistence}" needs redis.storage`)
      : undefined,
  (c) =>
    c.environment === 'prod' && c.postgres.replicas < 3
      ? violation(
          'postgres.replicas',
          `environment "prod" needs postgres.replicas ≥ 3 to survive a zone loss (got ${c.postgres.replicas})`,
        )
      : undefined,
  (c) =>
    c.backup.provider === 'azure' && !c.backup.azureAccountUrl
      ? violation('backup.azureAccountUrl', 'backup.provider "azure" needs backup.azureAccountUrl')
      : undefined,
  (c) =>
    c.backup.provider !== 's3' && c.backup.region
      ? violation('backup.region', `backup.region applies to provider "s3" only (got "${c.backup.provider}")`)
      : undefined,
  (c) =>
    c.tls.enabled && !c.tls.postgresSecretName
      ? violation('tls.postgresSecretName', 'tls.enabled needs tls.postgresSecretName')
      : undefined,
];

const resourceRules = (c: PlatformConfig): RuleViolation[] =>
  resourceOwners(c).flatMap(([field, r]) => [
    ...(cpuCores(r.requests.cpu) > cpuCores(r.limits.cpu)
      ? [violation(`${field}.requests.cpu`, `${field}.requests.cpu must be ≤ ${field}.limits.cpu`)]
      : []),
    ...(memoryBytes(r.requests.memory) > memoryBytes(r.limits.memory)
      ? [violation(`${field}.requests.memory`, `${field}.requests.memory must be ≤ ${field}.limits.memory`)]
      : []),
  ]);

const removedParameterRules = (c: PlatformConfig): RuleViolation[] =>
  Object.keys(c.postgres.parameters)
    .filter((name) => name in REMOVED_PARAMETERS)
    .map((name) => ({
      path: ['postgres', 'parameters', name],
      message: `postgres.parameters.${name} was ${REMOVED_PARAMETERS[name]}`,
    }));

/** Every cross-field rule the config breaks (empty when it is sound). */
export function crossFieldViolations(c: PlatformConfig): RuleViolation[] {
  return [
    ...rules.map((rule) => rule(c)).filter((v): v is RuleViolation => v !== undefined),
    ...resourceRules(c),
    ...removedParameterRules(c),
  ];
}
