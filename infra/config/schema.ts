// The one typed description of the platform: every chart and renderer is a pure function of a PlatformConfig.
// Field-level rules live here; rules that relate fields to each other live in rules.ts.
import { z } from 'zod';
import { alertingConfigSchema, defaultAlertingConfig } from './alerting';

const cpu = z.string().regex(/^\d+(\.\d+)?m?$/, { error: 'expected a CPU quantity such as 250m or 2' });
const memory = z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, { error: 'expected a memory quantity such as 512Mi or 2Gi' });
const count = (min: number, max: number) => z.number().int().min(min).max(max);
/** Five-field cron, as Kubernetes CronJobs take it. */
const cron = z.string().regex(/^(\S+\s+){4}\S+$/, { error: 'expected a five-field cron schedule' });
const dnsLabel = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/, { error: 'expected a DNS label (lowercase letters, digits, -)' });
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'expected a lowercase SQL identifier' });

export const resourcesSchema = z.object({
  requests: z.object({ cpu, memory }),
  limits: z.object({ cpu, memory }),
});

export const imageSchema = z.object({
  repository: z.string().regex(/^[a-z0-9][a-z0-9._\-/:]*[a-z0-9]$/, { error: 'expected an image repository' }),
  tag: z.string().regex(/^[\w][\w.-]{0,127}$/, { error: 'expected an image tag' }),
});

const versionString = z.string().regex(/^\d+\.\d+(\.\d+)?$/, { error: 'expected a version such as 1.23.1' });

export const platformConfigSchema = z.object({
  /** Prefix of every object name; also the Patroni scope. */
  name: dnsLabel,
  namespace: dnsLabel,
  environment: z.enum(['dev', 'prod']),
  images: z.object({
    api: imageSchema,
    patroni: imageSchema,
    pgbouncer: imageSchema,
    redis: imageSchema,
    postgresExporter: imageSchema,
    pgbouncerExporter: imageSchema,
    redisExporter: imageSchema,
    prometheus: imageSchema,
    alertmanager: imageSchema,
    grafana: imageSchema,
  }),
  postgres: z.object({
    majorVersion: z.literal([15, 16, 17]),
    replicas: count(1, 9),
    synchronousMode: z.boolean(),
    /** Refuse writes when no synchronous standby is available (no acknowledged write can be lost). */
    synchronousModeStrict: z.boolean(),
    database: identifier,
    ownerUser: identifier,
    appUser: identifier,
    /** BYPASSRLS role pg_dump runs as (policies would hide rows from any other); CREATEDB for the drill's scratch copy. */
    backupUser: identifier,
    maxConnections: count(20, 10_000),
    /** superuser_reserved_connections plus what Patroni, replication, exporters and migrations need. */
    reservedConnections: count(3, 1_000),
    /** Patroni release in the image: decides the timing limits it accepts (see rules.ts). */
    patroniVersion: versionString,
    ttl: count(5, 600),
    loopWait: count(1, 300),
    retryTimeout: count(1, 300),
    /** Bytes of WAL a replica may lag and still be promoted. */
    maximumLagOnFailover: count(0, 2 ** 40),
    failsafeMode: z.boolean(),
    /** Extra postgresql.conf parameters (PostgreSQL 16 names), merged over the defaults. */
    parameters: z.record(
      z.string().regex(/^[a-z_.]+$/, { error: 'expected a PostgreSQL parameter name' }),
      z.union([z.string(), z.number(), z.boolean()]),
    ),
    resources: resourcesSchema,
    storage: z.object({ className: z.string().min(1).optional(), size: memory }),
  }),
  pgbouncer: z.object({
    /** PgBouncer release in the image: decides which settings exist (max_prepared_statements needs ≥ 1.21). */
    version: versionString,
    /** Role PgBouncer looks passwords up with (auth_query); created by Patroni's post-bootstrap script. */
    authUser: identifier,
    /** At least 2: PgBouncer is the only way to the database, a single pod is a single point of failure. */
    replicas: count(2, 20),
    poolMode: z.enum(['transaction', 'session']),
    defaultPoolSize: count(1, 1_000),
    minPoolSize: count(0, 1_000),
    reservePoolSize: count(0, 100),
    maxClientConnections: count(10, 100_000),
    /** 0 turns protocol-level prepared statement support off. */
    maxPreparedStatements: count(0, 10_000),
    resources: resourcesSchema,
  }),
  redis: z.object({
    maxMemoryMb: count(16, 1_048_576),
    maxMemoryPolicy: z.enum(['allkeys-lru', 'allkeys-lfu', 'volatile-lru', 'volatile-lfu', 'noeviction']),
    persistence: z.enum(['none', 'rdb', 'aof']),
    storage: z.object({ className: z.string().min(1).optional(), size: memory }).optional(),
    resources: resourcesSchema,
  }),
  api: z.object({
    hpa: z.object({
      minReplicas: count(1, 100),
      maxReplicas: count(1, 100),
      targetCpuPercent: count(10, 100),
    }),
    dbPoolMax: count(1, 1_000),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']),
    redisRequired: z.boolean(),
    resources: resourcesSchema,
  }),
  backup: z.object({
    schedule: cron,
    retentionDays: count(1, 3_650),
    provider: z.enum(['s3', 'gcs', 'azure']),
    bucket: z.string().min(3).max(63),
    /** age public keys the dumps are encrypted to. */
    recipients: z
      .array(z.string().regex(/^age1[0-9a-z]{58}$/, { error: 'expected an age public key (age1…)' }))
      .min(1, { error: 'expected at least one age recipient' }),
    drillSchedule: cron,
    resources: resourcesSchema,
    /** S3 only; without it the SDK takes the region from the workload identity's environment. */
    region: z.string().min(1).optional(),
    /** The bucket's customer-managed key: S3 KMS key id, GCS KMS key name or Azure encryption scope. */
    encryptionKey: z.string().min(1).optional(),
    /** Azure only: https://<account>.blob.core.windows.net */
    azureAccountUrl: z.url({ error: 'expected a URL' }).optional(),
    /** Where the cloud's workload identity binds: annotations on the backup ServiceAccount, labels on its pods. */
    workloadIdentity: z.object({
      serviceAccountAnnotations: z.record(z.string(), z.string()),
      podLabels: z.record(z.string(), z.string()),
    }),
  }),
  monitoring: z.object({
    mode: z.enum(['bundled', 'operator']),
    scrapeIntervalSeconds: count(5, 300),
    retentionDays: count(1, 365),
    /** Label the kube-prometheus-stack release selects ServiceMonitors/PrometheusRules and dashboards by. */
    operatorReleaseLabel: z.string().min(1),
    storage: z.object({ className: z.string().min(1).optional(), size: memory }),
    resources: resourcesSchema,
    /** Alertmanager receivers and routing (bundled mode); every receiver is off until its owner turns it on. */
    alerting: alertingConfigSchema.default(defaultAlertingConfig),
  }),
  tls: z.object({
    enabled: z.boolean(),
    /** Secret of type kubernetes.io/tls holding the PostgreSQL server certificate (created outside the charts). */
    postgresSecretName: dnsLabel.optional(),
  }),
});

export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type Resources = z.infer<typeof resourcesSchema>;
export type Image = z.infer<typeof imageSchema>;
