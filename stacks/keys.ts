// Every stack config key: its type, default and description. Pulumi.yaml declares exactly these (a test compares
// them), and the parser applies the same defaults, so the mocked program and `pulumi up` read the same values.

export type KeyType = 'string' | 'integer' | 'boolean' | 'array';

export interface KeyDefinition {
  type: KeyType;
  description: string;
  /** Absent: the key is required (the parser names it when it is missing). */
  default?: string | number | boolean | string[];
}

export const STACK_KEYS = {
  environment: { type: 'string', default: 'dev', description: 'Preset to start from: dev or prod.' },
  cloud: { type: 'string', description: 'Where the backup bucket, key and identity live: aws, gcp or azure.' },
  region: { type: 'string', description: 'Cloud region of the backup bucket and key (e.g. eu-west-1, europe-west1).' },
  kubeconfig: {
    type: 'string',
    default: '',
    description: 'Kubeconfig contents or path of the target cluster; empty: the ambient one (KUBECONFIG).',
  },
  kubeContext: { type: 'string', default: '', description: 'Kubeconfig context to use; empty: its current context.' },
  awsOidcProviderArn: {
    type: 'string',
    default: '',
    description: "aws: the EKS cluster's IAM OIDC provider ARN, trusted by the backup role (IRSA).",
  },
  gcpProject: {
    type: 'string',
    default: '',
    description: 'gcp: project of the bucket, key and service account (and of the GKE Workload Identity pool).',
  },
  azureOidcIssuerUrl: {
    type: 'string',
    default: '',
    description: "azure: the AKS cluster's OIDC issuer URL, trusted by the backup identity's federated credential.",
  },
  backupBucket: {
    type: 'string',
    default: '',
    description: 'Bucket (S3, GCS) or container (Azure) name; empty: brownie-ENVIRONMENT-backups.',
  },
  backupRetentionDays: {
    type: 'integer',
    default: 7,
    description: 'Days a backup is kept; the bucket lifecycle expires objects after exactly this many days.',
  },
  backupSchedule: { type: 'string', default: '0 */6 * * *', description: 'Cron schedule of the backup CronJob (UTC).' },
  backupRecipients: {
    type: 'array',
    default: [],
    description: 'age public keys backups are encrypted to; empty: the preset development key (not for real data).',
  },
  postgresReplicas: { type: 'integer', default: 2, description: 'Patroni members (prod needs at least 3).' },
  postgresSynchronousMode: {
    type: 'boolean',
    default: false,
    description: 'Patroni synchronous replication (needs at least 2 members).',
  },
  postgresStorageSize: { type: 'string', default: '5Gi', description: 'Volume size of each PostgreSQL member.' },
  postgresCpu: { type: 'string', default: '1', description: 'CPU limit of each PostgreSQL member (requests: half).' },
  postgresMemory: {
    type: 'string',
    default: '1Gi',
    description: 'Memory of each PostgreSQL member (requests = limits, so it is never OOM-killed first).',
  },
  apiMaxReplicas: { type: 'integer', default: 3, description: 'Upper bound of the API autoscaler.' },
  monitoringMode: {
    type: 'string',
    default: 'bundled',
    description: 'bundled: deploy Prometheus, Alertmanager, Grafana; operator: objects for a kube-prometheus-stack.',
  },
} as const satisfies Record<string, KeyDefinition>;

export type StackKey = keyof typeof STACK_KEYS;
export const STACK_KEY_NAMES = Object.keys(STACK_KEYS) as StackKey[];

/** Which stack key sets which PlatformConfig field, so a config error names the key the user wrote. */
export const PLATFORM_FIELD_KEYS: Record<string, StackKey> = {
  environment: 'environment',
  'backup.bucket': 'backupBucket',
  'backup.retentionDays': 'backupRetentionDays',
  'backup.schedule': 'backupSchedule',
  'backup.recipients': 'backupRecipients',
  'backup.region': 'region',
  'postgres.replicas': 'postgresReplicas',
  'postgres.synchronousMode': 'postgresSynchronousMode',
  'postgres.storage.size': 'postgresStorageSize',
  'postgres.resources.limits.cpu': 'postgresCpu',
  'postgres.resources.requests.cpu': 'postgresCpu',
  'postgres.resources.limits.memory': 'postgresMemory',
  'postgres.resources.requests.memory': 'postgresMemory',
  'api.hpa.maxReplicas': 'apiMaxReplicas',
  'api.hpa.minReplicas': 'apiMaxReplicas',
  'api.dbPoolMax': 'apiMaxReplicas',
  'monitoring.mode': 'monitoringMode',
};
