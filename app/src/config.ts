// The only module that reads process.env: parsed once at start-up, failing fast with the variable's name.
import { Cron } from 'croner';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected ≥ ${min}` })
    .max(max, { error: `expected ≤ ${max}` });
const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), { error: 'expected a postgres:// URL' });

const cron = z.string().refine(
  (v) => {
    try {
      new Cron(v, { paused: true }).stop();
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected a cron expression such as "0 2 * * *"' },
);

const envSchema = z.object({
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(8000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVICE_NAME: z.string().min(1).default('brownie-metadata-api'),
  GIT_REVISION: z.string().optional(),

  DATABASE_URL: postgresUrl.optional(),
  /** Replicas (PgBouncer's read pool in the platform): list and reporting queries go here when set. */
  DATABASE_READ_URL: postgresUrl.optional(),
  MIGRATIONS_DATABASE_URL: postgresUrl.optional(),
  MIGRATE_ON_START: bool.default(false),
  DB_POOL_MAX: int(1, 1000).default(10),
  DB_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(30_000),
  DB_CONNECT_TIMEOUT_MS: int(100, 60_000).default(5_000),

  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), { error: 'expected a redis:// URL' })
    .optional(),
  REDIS_REQUIRED: bool.default(false),

  JWT_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
  JWT_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { error: 'expected a PEM private key' }).optional(),
  JWT_PUBLIC_KEY: z.string().includes('PUBLIC KEY', { error: 'expected a PEM public key' }).optional(),
  JWT_ISSUER: z.string().min(1).default('brownie-metadata'),
  JWT_AUDIENCE: z.string().min(1).default('brownie'),
  JWT_TTL_SECONDS: int(60, 86_400).default(3_600),
  OIDC_ISSUER: z.url({ error: 'expected a URL' }).optional(),
  OIDC_JWKS_URL: z.url({ error: 'expected a URL' }).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** The platform operator's credential (backup endpoints, test alert): never a tenant user or key. */
  OPERATOR_TOKEN: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),

  RATE_LIMIT_POINTS: int(1, 1_000_000).default(600),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400).default(60),
  API_KEY_CACHE_TTL_SECONDS: int(1, 3_600).default(60),
  METRICS_CACHE_SECONDS: int(0, 3_600).default(15),

  // Backups (app/src/backup): names as the original project had them where they make sense.
  BACKUP_PROVIDER: z.enum(['local', 's3', 'gcs', 'azure']).default('local'),
  BACKUP_DESTINATION: z.string().min(1).default('.data/backups'),
  /** A role that bypasses RLS (pg_dump refuses to dump what policies would hide); defaults to the owner's URL. */
  BACKUP_DATABASE_URL: postgresUrl.optional(),
  /** Dump from here when set (a replica), else from BACKUP_DATABASE_URL. */
  BACKUP_SOURCE_URL: postgresUrl.optional(),
  BACKUP_AGE_RECIPIENTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^age1[02-9ac-hj-np-z]{58}$/, { error: 'expected age X25519 recipients (age1…), comma-separated' }),
        )
        .min(1),
    )
    .optional(),
  BACKUP_AGE_IDENTITY_FILE: z.string().min(1).optional(),
  /** gzip level of the whole archive, compressed on every core (0: stored as pg_dump wrote it, uncompressed). */
  BACKUP_COMPRESSION: int(0, 9).default(6),
  BACKUP_SCHEDULE: cron.default('0 2 * * *'),
  RESTORE_DRILL_SCHEDULE: cron.default('0 4 * * 0'),
  BACKUP_RETENTION_DAYS: int(1, 3650).default(7),
  BACKUP_KEEP_MIN: int(0, 1000).default(3),
  BACKUP_TMP_DIR: z.string().min(1).optional(),
  BACKUP_S3_REGION: z.string().min(1).optional(),
  BACKUP_S3_ENDPOINT: z.url({ error: 'expected a URL' }).optional(),
  BACKUP_S3_FORCE_PATH_STYLE: bool.default(false),
  BACKUP_KMS_KEY_ID: z.string().min(1).optional(),
  BACKUP_GCS_KMS_KEY_NAME: z.string().min(1).optional(),
  BACKUP_GCS_ENDPOINT: z.url({ error: 'expected a URL' }).optional(),
  BACKUP_AZURE_ACCOUNT_URL: z.url({ error: 'expected a URL' }).optional(),
  BACKUP_AZURE_CONNECTION_STRING: z.string().min(1).optional(),
  BACKUP_AZURE_ENCRYPTION_SCOPE: z.string().min(1).optional(),

  READY_CHECK_TIMEOUT_MS: int(50, 30_000).default(1_000),
  SHUTDOWN_TIMEOUT_MS: int(0, 300_000).default(10_000),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, { error: 'expected a size such as 1mb' })
    .default('1mb'),

  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_PG_PORT: int(1, 65535).default(54329),
});

export type Config = z.infer<typeof envSchema>;

const DESTINATION_SCHEME = {
  local: /./,
  s3: /^s3:\/\/[^/]+/,
  gcs: /^gs:\/\/[^/]+/,
  azure: /^azure:\/\/[^/]+/,
} as const;
const DESTINATION_EXAMPLE = {
  local: 'a directory',
  s3: 's3://bucket[/prefix]',
  gcs: 'gs://bucket[/prefix]',
  azure: 'azure://container[/prefix]',
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (blank values count as unset). Throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(environment)');
        const got = present[name] === undefined ? '' : ` (got "${present[name]}")`;
        return `${name}: ${issue.message}${got}`;
      }),
    );
  }
  const config = result.data;
  const rules: [boolean, string][] = [
    [config.REDIS_REQUIRED && !config.REDIS_URL, 'REDIS_REQUIRED: is true but REDIS_URL is not set'],
    [
      !!config.JWT_PRIVATE_KEY !== !!config.JWT_PUBLIC_KEY,
      'JWT_PRIVATE_KEY, JWT_PUBLIC_KEY: set both (RS256) or neither',
    ],
    [!!config.JWT_SECRET && !!config.JWT_PRIVATE_KEY, 'JWT_SECRET, JWT_PRIVATE_KEY: choose HS256 or RS256, not both'],
    // The embedded start makes a throw-away secret; a real deployment must not.
    [
      !!config.DATABASE_URL && !config.JWT_SECRET && !config.JWT_PRIVATE_KEY,
      'JWT_SECRET: required (or JWT_PRIVATE_KEY and JWT_PUBLIC_KEY) when DATABASE_URL is set',
    ],
    [!!config.OIDC_ISSUER !== !!config.OIDC_JWKS_URL, 'OIDC_ISSUER, OIDC_JWKS_URL: set both or neither'],
    [
      !DESTINATION_SCHEME[config.BACKUP_PROVIDER].test(config.BACKUP_DESTINATION),
      `BACKUP_DESTINATION: for BACKUP_PROVIDER=${config.BACKUP_PROVIDER} expected ${DESTINATION_EXAMPLE[config.BACKUP_PROVIDER]}`,
    ],
  ];
  const broken = rules.filter(([bad]) => bad).map(([, message]) => message);
  if (broken.length) throw new ConfigError(broken);
  return config;
}
