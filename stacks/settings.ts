// Raw stack config (strings, as Pulumi hands them over) → the validated settings the program builds from. Pure:
// stacks/index.ts is the only reader of pulumi.Config and passes the raw values here.
import type { BackupStorageArgs } from '../infra/cloud';
import { OIDC_PROVIDER_ARN } from '../infra/cloud/aws-documents';
import { storageAccountName } from '../infra/cloud/azure-documents';
import { BACKUP_PROVIDER, type Cloud } from '../infra/cloud/backup-storage';
import { names, platformConfig, PlatformConfigError, type PlatformConfig, type StackName } from '../infra/config';
import { cpuCores } from '../infra/config/quantity';
import {
  PLATFORM_FIELD_KEYS,
  STACK_KEY_NAMES,
  STACK_KEYS,
  type KeyDefinition,
  type KeyType,
  type StackKey,
} from './keys';

export class StackConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid stack config:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

export interface StackSettings {
  environment: StackName;
  cloud: Cloud;
  region: string;
  platform: PlatformConfig;
  storage: BackupStorageArgs;
  kubernetes: { kubeconfig?: string; context?: string };
}

type ValueOf<T extends KeyType> = T extends 'integer'
  ? number
  : T extends 'boolean'
    ? boolean
    : T extends 'array'
      ? string[]
      : string;
/** Every key with its parsed value (readKeys refuses a missing required key, so none is undefined). */
type Values = { [K in StackKey]: ValueOf<(typeof STACK_KEYS)[K]['type']> };
type Parsed = Record<StackKey, string | number | boolean | string[] | undefined>;

function parseValue(key: string, def: KeyDefinition, raw: string): string | number | boolean | string[] {
  switch (def.type) {
    case 'string':
      return raw;
    case 'integer':
      if (!/^-?\d+$/.test(raw.trim())) throw new StackConfigError([`${key}: expected a whole number (got "${raw}")`]);
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false')
        throw new StackConfigError([`${key}: expected true or false (got "${raw}")`]);
      return raw === 'true';
    case 'array': {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        value = undefined;
      }
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        throw new StackConfigError([`${key}: expected a list of strings (got ${raw})`]);
      }
      return value as string[];
    }
  }
}

/** Each key's value or its default; unknown keys are refused, so a typo cannot silently fall back to a default. */
function readKeys(raw: Record<string, string | undefined>): Values {
  const unknown = Object.keys(raw).filter((k) => !(k in STACK_KEYS) && raw[k] !== undefined);
  if (unknown.length > 0) throw new StackConfigError(unknown.map((k) => `${k}: not a config key of this project`));
  const issues: string[] = [];
  const parsed = {} as Parsed;
  for (const key of STACK_KEY_NAMES) {
    const def: KeyDefinition = STACK_KEYS[key];
    const value = raw[key];
    try {
      parsed[key] = value === undefined ? def.default : parseValue(key, def, value);
    } catch (e) {
      issues.push(...(e as StackConfigError).issues);
    }
    if (parsed[key] === undefined && !issues.some((i) => i.startsWith(`${key}:`))) {
      issues.push(`${key}: required (${def.description})`);
    }
  }
  if (issues.length > 0) throw new StackConfigError(issues);
  return parsed as Values;
}

const oneOf = <T extends string>(key: StackKey, value: unknown, allowed: readonly T[]): T => {
  if (!allowed.includes(value as T)) {
    throw new StackConfigError([`${key}: expected one of ${allowed.join(', ')} (got "${String(value)}")`]);
  }
  return value as T;
};

const required = (key: StackKey, value: unknown, why: string, pattern?: RegExp, expected?: string): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new StackConfigError([`${key}: required ${why}`]);
  if (pattern && !pattern.test(value)) throw new StackConfigError([`${key}: expected ${expected} (got "${value}")`]);
  return value;
};

/** A PlatformConfigError's lines, each prefixed with the stack key that sets the field. */
function toStackIssues(error: PlatformConfigError): string[] {
  return error.issues.map((issue) => {
    const path = issue.split(':')[0] ?? '';
    const key = PLATFORM_FIELD_KEYS[path];
    return key ? `${key} (${issue})` : issue;
  });
}

const halfCpu = (cpu: string): string => `${Math.max(1, Math.round((cpuCores(cpu) * 1000) / 2))}m`;

export function parseStackSettings(raw: Record<string, string | undefined>): StackSettings {
  const v = readKeys(raw);
  const environment = oneOf('environment', v.environment, ['dev', 'prod'] as const);
  const cloud = oneOf('cloud', v.cloud, ['aws', 'gcp', 'azure'] as const);
  const region = required('region', v.region, 'for every cloud (the region of the backup bucket and key)');
  const bucket = v.backupBucket || `brownie-${environment}-backups`;
  const storageAccountUrl = `https://${storageAccountName(bucket)}.blob.core.windows.net`;
  const recipients = v.backupRecipients;

  let platform: PlatformConfig;
  try {
    platform = platformConfig(environment, {
      monitoring: { mode: oneOf('monitoringMode', v.monitoringMode, ['bundled', 'operator'] as const) },
      postgres: {
        replicas: v.postgresReplicas,
        synchronousMode: v.postgresSynchronousMode,
        storage: { size: v.postgresStorageSize },
        resources: {
          requests: { cpu: halfCpu(v.postgresCpu), memory: v.postgresMemory },
          limits: { cpu: v.postgresCpu, memory: v.postgresMemory },
        },
      },
      api: { hpa: { maxReplicas: v.apiMaxReplicas } },
      backup: {
        provider: BACKUP_PROVIDER[cloud],
        bucket,
        retentionDays: v.backupRetentionDays,
        schedule: v.backupSchedule,
        ...(recipients.length > 0 ? { recipients } : {}),
        ...(cloud === 'aws' ? { region } : {}),
        ...(cloud === 'azure' ? { azureAccountUrl: storageAccountUrl } : {}),
      },
    });
  } catch (e) {
    if (e instanceof PlatformConfigError) throw new StackConfigError(toStackIssues(e));
    throw e;
  }

  const common = {
    bucket,
    retentionDays: platform.backup.retentionDays,
    namespace: platform.namespace,
    serviceAccount: names(platform).backup,
    tags: { project: 'brownie', environment },
  };
  const storage: BackupStorageArgs =
    cloud === 'aws'
      ? {
          cloud,
          ...common,
          region,
          oidcProviderArn: required(
            'awsOidcProviderArn',
            v.awsOidcProviderArn,
            'when cloud is aws (IRSA)',
            OIDC_PROVIDER_ARN,
            'arn:aws:iam::<account>:oidc-provider/<issuer>',
          ),
        }
      : cloud === 'gcp'
        ? { cloud, ...common, location: region, project: required('gcpProject', v.gcpProject, 'when cloud is gcp') }
        : {
            cloud,
            ...common,
            location: region,
            oidcIssuerUrl: required(
              'azureOidcIssuerUrl',
              v.azureOidcIssuerUrl,
              'when cloud is azure',
              /^https:\/\/\S+$/,
              "the cluster's https:// OIDC issuer URL",
            ),
          };
  const kubeconfig = v.kubeconfig;
  const context = v.kubeContext;
  return {
    environment,
    cloud,
    region,
    platform,
    storage,
    kubernetes: { ...(kubeconfig ? { kubeconfig } : {}), ...(context ? { context } : {}) },
  };
}
