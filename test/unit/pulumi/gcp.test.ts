// The program on Google Cloud, dev and prod stack files, under mocks: GCS bucket, Cloud KMS key, Workload Identity.
import { names } from '../../../infra/config';
import { backupEnv, backupServiceAccountAnnotations, describeCommonFacts } from './facts';
import { one, ofType, runStack } from './harness';
import { GCS_SERVICE_AGENT } from './mocks';

const PROJECT = 'brownie-test';

describe.each(['dev', 'prod'] as const)('the %s stack on GCP', (stack) => {
  const ctx = describeCommonFacts(stack, 'gcp', () => runStack(stack, 'gcp'));
  const keyId = () =>
    `projects/${PROJECT}/locations/europe-west1/keyRings/${ctx.config.backup.bucket}/cryptoKeys/${ctx.config.backup.bucket}-key`;
  const bucket = () => one(ctx.run, 'gcp:storage/bucket:Bucket').inputs;

  test('when the bucket is created, then it is private, uniform, versioned and encrypted with the stack key', () => {
    expect(bucket()).toMatchObject({
      name: ctx.config.backup.bucket,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: keyId() },
    });
    expect(one(ctx.run, 'gcp:kms/cryptoKey:CryptoKey').inputs.rotationPeriod).toBe(`${90 * 86_400}s`);
  });

  test('when the lifecycle is set, then live backups are deleted after exactly the retention days', () => {
    const rules = bucket().lifecycleRules as { action: { type: string }; condition: Record<string, unknown> }[];
    expect(rules.find((r) => r.condition.withState === 'LIVE')?.condition.age).toBe(stack === 'prod' ? 30 : 7);
    expect(rules.find((r) => 'daysSinceNoncurrentTime' in r.condition)?.condition.daysSinceNoncurrentTime).toBe(3);
    expect(rules.map((r) => r.action.type)).toContain('AbortIncompleteMultipartUpload');
  });

  test('when CMEK is set up, then the GCS service agent, and only it, may use the key', () => {
    const grants = ofType(ctx.run, 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember');
    expect(grants.map((g) => g.inputs)).toEqual([
      {
        cryptoKeyId: keyId(),
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: `serviceAccount:${GCS_SERVICE_AGENT}`,
      },
    ]);
  });

  test('when the identity is bound, then only the backup ServiceAccount may impersonate it, with object admin on the bucket', () => {
    const binding = one(ctx.run, 'gcp:serviceaccount/iAMMember:IAMMember').inputs;
    expect(binding).toMatchObject({
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${PROJECT}.svc.id.goog[${ctx.config.namespace}/${names(ctx.config).backup}]`,
    });
    const account = one(ctx.run, 'gcp:serviceaccount/account:Account').inputs;
    const email = `${String(account.accountId)}@${PROJECT}.iam.gserviceaccount.com`;
    expect(ofType(ctx.run, 'gcp:storage/bucketIAMMember:BucketIAMMember').map((m) => m.inputs)).toEqual([
      { bucket: ctx.config.backup.bucket, role: 'roles/storage.objectAdmin', member: `serviceAccount:${email}` },
    ]);
    expect(backupServiceAccountAnnotations(ctx.run, ctx.config)).toEqual({ 'iam.gke.io/gcp-service-account': email });
  });

  test('when the backup job is rendered, then it names the Cloud KMS key for every upload', () => {
    expect(backupEnv(ctx.run, ctx.config)).toMatchObject({ BACKUP_PROVIDER: 'gcs', BACKUP_GCS_KMS_KEY_NAME: keyId() });
    expect(backupEnv(ctx.run, ctx.config).BACKUP_S3_REGION).toBeUndefined();
  });
});
