// Backups on Google Cloud: a GCS bucket (uniform access, no public access, versioned, expiring after the retention)
// encrypted with a Cloud KMS key, and a Google service account the backup ServiceAccount impersonates through GKE
// Workload Identity.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { BackupStorageCommonArgs } from './backup-storage';
import { BackupStorageComponent } from './storage-component';
import { gcsLifecycleRules, rotationPeriod, serviceAccountId, workloadIdentityMember } from './gcp-documents';
import { lifecyclePlan } from './lifecycle';

export interface GcpBackupStorageArgs extends BackupStorageCommonArgs {
  /** Project of the bucket, key and service account; also names the cluster's Workload Identity pool. */
  project: string;
  /** Location of the bucket and key ring (a region such as europe-west1). */
  location: string;
  /**
   * Days between automatic key rotations.
   * @default 90
   */
  keyRotationDays?: number;
}

export class GcpBackupStorage extends BackupStorageComponent {
  readonly cloud = 'gcp' as const;

  constructor(name: string, args: GcpBackupStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super('brownie:cloud:GcpBackupStorage', name, {}, opts);
    const plan = lifecyclePlan(args.retentionDays);
    const { project, location } = args;
    const provider = new gcp.Provider(`${name}-provider`, { project, region: location }, { parent: this });
    const parent = { parent: this, provider };

    const keyRing = new gcp.kms.KeyRing(`${name}-key-ring`, { name: args.bucket, project, location }, parent);
    const key = new gcp.kms.CryptoKey(
      `${name}-key`,
      {
        name: `${args.bucket}-key`,
        keyRing: keyRing.id,
        purpose: 'ENCRYPT_DECRYPT',
        rotationPeriod: rotationPeriod(args.keyRotationDays ?? 90),
        labels: args.tags,
      },
      parent,
    );
    // GCS encrypts with the key as the project's Cloud Storage service agent, not as the caller.
    const agent = gcp.storage.getProjectServiceAccountOutput({ project }, parent);
    const agentGrant = new gcp.kms.CryptoKeyIAMMember(
      `${name}-gcs-agent-key`,
      {
        cryptoKeyId: key.id,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: pulumi.interpolate`serviceAccount:${agent.emailAddress}`,
      },
      parent,
    );

    const bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      {
        name: args.bucket,
        project,
        location,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        versioning: { enabled: true },
        encryption: { defaultKmsKeyName: key.id },
        lifecycleRules: gcsLifecycleRules(plan),
        labels: args.tags,
        forceDestroy: false,
      },
      { ...parent, dependsOn: [agentGrant] },
    );

    const account = new gcp.serviceaccount.Account(
      `${name}-identity`,
      {
        project,
        accountId: serviceAccountId(args.bucket),
        displayName: `Backup job ${args.namespace}/${args.serviceAccount}`,
      },
      parent,
    );
    new gcp.serviceaccount.IAMMember(
      `${name}-workload-identity`,
      {
        serviceAccountId: account.name,
        role: 'roles/iam.workloadIdentityUser',
        member: workloadIdentityMember(project, args.namespace, args.serviceAccount),
      },
      parent,
    );
    new gcp.storage.BucketIAMMember(
      `${name}-object-admin`,
      {
        bucket: bucket.name,
        role: 'roles/storage.objectAdmin',
        member: pulumi.interpolate`serviceAccount:${account.email}`,
      },
      parent,
    );

    this.publish({
      bucketName: bucket.name,
      destination: pulumi.interpolate`gs://${bucket.name}`,
      consoleUrl: pulumi.interpolate`https://console.cloud.google.com/storage/browser/${bucket.name}?project=${project}`,
      keyId: key.id,
      encryptionKeyReference: key.id,
      identity: account.email,
      serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': account.email },
      podLabels: {},
    });
  }
}
