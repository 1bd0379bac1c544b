// Backups on AWS: an S3 bucket encrypted with its own KMS key, versioned, private, TLS-only, expiring after the
// retention, and an IAM role the backup ServiceAccount assumes through IRSA.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { backupRolePolicy, bucketPolicy, irsaTrustPolicy, oidcIssuer, s3LifecycleRules } from './aws-documents';
import type { BackupStorageCommonArgs } from './backup-storage';
import { BackupStorageComponent } from './storage-component';
import { lifecyclePlan } from './lifecycle';
import { derivedName } from './identity-names';

export interface AwsBackupStorageArgs extends BackupStorageCommonArgs {
  /** Region of the bucket and key (the stack's own AWS provider is made for it). */
  region: string;
  /** The EKS cluster's IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/ISSUER), trusted for IRSA. */
  oidcProviderArn: string;
  /**
   * Days KMS waits before deleting the key once scheduled (7–30).
   * @default 30
   */
  keyDeletionWindowDays?: number;
}

const json = (value: pulumi.Output<unknown>) => value.apply((v) => JSON.stringify(v));

export class AwsBackupStorage extends BackupStorageComponent {
  readonly cloud = 'aws' as const;

  constructor(name: string, args: AwsBackupStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super('brownie:cloud:AwsBackupStorage', name, {}, opts);
    oidcIssuer(args.oidcProviderArn);
    const plan = lifecyclePlan(args.retentionDays);
    const provider = new aws.Provider(`${name}-provider`, { region: args.region as aws.Region }, { parent: this });
    const parent = { parent: this, provider };
    const tags = args.tags ?? {};

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Backups in s3://${args.bucket}`,
        enableKeyRotation: true,
        deletionWindowInDays: args.keyDeletionWindowDays ?? 30,
        tags,
      },
      parent,
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${args.bucket}`, targetKeyId: key.keyId }, parent);

    const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucket: args.bucket, forceDestroy: false, tags }, parent);
    new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucket.id, rules: s3LifecycleRules(plan) },
      parent,
    );
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: json(pulumi.all([bucket.arn, key.arn]).apply(([b, k]) => bucketPolicy(b, k))) },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: derivedName(args.bucket, 'backup', 64),
        description: `Backup job ${args.namespace}/${args.serviceAccount} (IRSA)`,
        assumeRolePolicy: JSON.stringify(irsaTrustPolicy(args.oidcProviderArn, args.namespace, args.serviceAccount)),
        maxSessionDuration: 3600 * 4,
        tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.name,
        policy: json(pulumi.all([bucket.arn, key.arn]).apply(([b, k]) => backupRolePolicy(b, k))),
      },
      parent,
    );

    this.publish({
      bucketName: bucket.bucket,
      destination: pulumi.interpolate`s3://${bucket.bucket}`,
      consoleUrl: pulumi.interpolate`https://s3.console.aws.amazon.com/s3/buckets/${bucket.bucket}`,
      keyId: key.arn,
      encryptionKeyReference: key.arn,
      identity: role.arn,
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': role.arn },
      podLabels: {},
    });
  }
}
