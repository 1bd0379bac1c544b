// Starting points for the two stacks. A stack's own settings are merged over its preset, then validated as a whole.
import type { PlatformConfigInput } from './schema';

const images: PlatformConfigInput['images'] = {
  api: { repository: 'ghcr.io/brownie/metadata-api', tag: '0.1.0' },
  patroni: { repository: 'ghcr.io/brownie/patroni', tag: '3.3.2-pg16' },
  pgbouncer: { repository: 'docker.io/edoburu/pgbouncer', tag: 'v1.23.1-p3' },
  redis: { repository: 'docker.io/library/redis', tag: '7.4.1-alpine' },
  postgresExporter: { repository: 'quay.io/prometheuscommunity/postgres-exporter', tag: 'v0.15.0' },
  pgbouncerExporter: { repository: 'quay.io/prometheuscommunity/pgbouncer-exporter', tag: 'v0.9.0' },
  redisExporter: { repository: 'docker.io/oliver006/redis_exporter', tag: 'v1.62.0' },
  prometheus: { repository: 'quay.io/prometheus/prometheus', tag: 'v2.54.1' },
  alertmanager: { repository: 'quay.io/prometheus/alertmanager', tag: 'v0.27.0' },
  grafana: { repository: 'docker.io/grafana/grafana', tag: '11.2.2' },
};

const small = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

export const devPreset: PlatformConfigInput = {
  name: 'brownie',
  namespace: 'brownie-dev',
  environment: 'dev',
  images,
  postgres: {
    majorVersion: 16,
    replicas: 2,
    synchronousMode: false,
    synchronousModeStrict: false,
    database: 'brownie',
    ownerUser: 'brownie_owner',
    appUser: 'brownie_api',
    backupUser: 'brownie_backup',
    maxConnections: 100,
    reservedConnections: 20,
    patroniVersion: '3.3.2',
    // Patroni's defaults are 30 / 10 / 10. ttl 20 is the least the image's Patroni accepts; loop_wait 2 renews the
    // leader key often enough that a dead leader is noticed ~ttl after its last renewal (docs/ha.md). retry_timeout 6
    // rides out a slow API server; failsafe_mode keeps a primary that still reaches its replicas when it is down.
    ttl: 20,
    loopWait: 2,
    retryTimeout: 6,
    maximumLagOnFailover: 1_048_576,
    failsafeMode: true,
    parameters: {},
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    storage: { size: '5Gi' },
  },
  pgbouncer: {
    version: '1.23.1',
    authUser: 'pgbouncer_auth',
    replicas: 2,
    poolMode: 'transaction',
    defaultPoolSize: 20,
    minPoolSize: 2,
    reservePoolSize: 5,
    maxClientConnections: 500,
    maxPreparedStatements: 100,
    resources: small,
  },
  redis: {
    maxMemoryMb: 128,
    maxMemoryPolicy: 'allkeys-lru',
    persistence: 'none',
    resources: small,
  },
  api: {
    hpa: { minReplicas: 1, maxReplicas: 3, targetCpuPercent: 75 },
    dbPoolMax: 10,
    logLevel: 'debug',
    redisRequired: false,
    resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '384Mi' } },
  },
  backup: {
    schedule: '0 */6 * * *',
    retentionDays: 7,
    provider: 's3',
    bucket: 'brownie-dev-backups',
    // Development key only: its identity is not kept anywhere safe. Stacks set their own recipients.
    recipients: ['age1fcufalmfswthjethmddm4wer0wqa9famjl4h4c3aqchyrv5en5aq0n7t2j'],
    drillSchedule: '30 5 * * *',
    // Up to two cores: the backup gzips the archive on every core it gets (docs/backup.md).
    resources: { requests: { cpu: '250m', memory: '192Mi' }, limits: { cpu: '2', memory: '512Mi' } },
    workloadIdentity: { serviceAccountAnnotations: {}, podLabels: {} },
  },
  monitoring: {
    mode: 'bundled',
    scrapeIntervalSeconds: 30,
    retentionDays: 7,
    operatorReleaseLabel: 'kube-prometheus-stack',
    storage: { size: '10Gi' },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  },
  tls: { enabled: false },
};

export const prodPreset: PlatformConfigInput = {
  ...devPreset,
  namespace: 'brownie',
  environment: 'prod',
  postgres: {
    ...devPreset.postgres,
    replicas: 3,
    synchronousMode: true,
    synchronousModeStrict: false,
    maxConnections: 300,
    reservedConnections: 30,
    parameters: { shared_buffers: '1GB', effective_cache_size: '3GB', work_mem: '16MB' },
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    storage: { size: '100Gi' },
  },
  pgbouncer: {
    ...devPreset.pgbouncer,
    replicas: 3,
    defaultPoolSize: 60,
    minPoolSize: 10,
    reservePoolSize: 10,
    maxClientConnections: 2_000,
    resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
  },
  redis: {
    ...devPreset.redis,
    maxMemoryMb: 1_024,
    persistence: 'rdb',
    storage: { size: '5Gi' },
    resources: { requests: { cpu: '250m', memory: '1280Mi' }, limits: { cpu: '1', memory: '1280Mi' } },
  },
  api: {
    ...devPreset.api,
    hpa: { minReplicas: 3, maxReplicas: 12, targetCpuPercent: 70 },
    dbPoolMax: 20,
    logLevel: 'info',
    redisRequired: true,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '2', memory: '512Mi' } },
  },
  backup: {
    ...devPreset.backup,
    schedule: '15 * * * *',
    retentionDays: 30,
    bucket: 'brownie-prod-backups',
  },
  monitoring: {
    ...devPreset.monitoring,
    mode: 'operator',
    retentionDays: 30,
    storage: { size: '50Gi' },
  },
};

export const presets = { dev: devPreset, prod: prodPreset } as const;
export type StackName = keyof typeof presets;
