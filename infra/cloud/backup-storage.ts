// What every cloud's backup storage gives the rest of the program: the same fields, so the backup CronJob and the
// stack outputs are built one way whatever the cloud.
import type * as pulumi from '@pulumi/pulumi';

export type Cloud = 'aws' | 'gcp' | 'azure';

/** The backup engine's provider name (BACKUP_PROVIDER) per cloud. */
export const BACKUP_PROVIDER = { aws: 's3', gcp: 'gcs', azure: 'azure' } as const satisfies Record<Cloud, string>;

export interface BackupStorage {
  readonly cloud: Cloud;
  /** The bucket (S3, GCS) or container (Azure) name. */
  readonly bucketName: pulumi.Output<string>;
  /** BACKUP_DESTINATION: s3://bucket, gs://bucket or azure://container. */
  readonly destination: pulumi.Output<string>;
  /** Where to look at the bucket in the cloud's console. */
  readonly consoleUrl: pulumi.Output<string>;
  /** The customer-managed key: KMS key ARN, Cloud KMS key name or Key Vault key id. */
  readonly keyId: pulumi.Output<string>;
  /** What the backup job sends with each write (BACKUP_KMS_KEY_ID, BACKUP_GCS_KMS_KEY_NAME, encryption scope). */
  readonly encryptionKeyReference: pulumi.Output<string>;
  /** The workload identity: IAM role ARN, Google service account email, managed identity client id. */
  readonly identity: pulumi.Output<string>;
  /** Annotations the backup ServiceAccount needs for the workload identity to bind. */
  readonly serviceAccountAnnotations: Record<string, pulumi.Output<string>>;
  /** Labels the backup pods need (Azure Workload Identity's webhook selects pods by one). */
  readonly podLabels: Record<string, string>;
  /** Azure only: https://<account>.blob.core.windows.net */
  readonly accountUrl?: pulumi.Output<string>;
}

/** Inputs every cloud's storage takes. */
export interface BackupStorageCommonArgs {
  /** Bucket (S3, GCS) or container (Azure) name, as the charts' BACKUP_DESTINATION names it. */
  bucket: string;
  /** Days a backup is kept: the one value every lifecycle rule comes from. */
  retentionDays: number;
  /** Namespace of the backup ServiceAccount the identity trusts. */
  namespace: string;
  /** Name of the backup ServiceAccount the identity trusts. */
  serviceAccount: string;
  /**
   * Labels or tags put on every resource that takes them.
   * @default {}
   */
  tags?: Record<string, string>;
}
