// The program on AWS, dev and prod stack files, under mocks: S3 bucket, KMS key, policies and the IRSA role.
import type { PolicyDocument } from '../../../infra/cloud/aws-documents';
import { names } from '../../../infra/config';
import { backupEnv, backupServiceAccountAnnotations, describeCommonFacts } from './facts';
import { CLOUD_SETTINGS, one, runStack } from './harness';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/backup-key-id';

describe.each(['dev', 'prod'] as const)('the %s stack on AWS', (stack) => {
  const ctx = describeCommonFacts(stack, 'aws', () => runStack(stack, 'aws'));
  const bucketArn = () => `arn:aws:s3:::${ctx.config.backup.bucket}`;

  test('when the bucket is created, then it is encrypted by default with the stack key and a bucket key', () => {
    const key = one(ctx.run, 'aws:kms/key:Key');
    expect(key.inputs.enableKeyRotation).toBe(true);
    const encryption = one(
      ctx.run,
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
    );
    expect(encryption.inputs.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY_ARN },
        bucketKeyEnabled: true,
      },
    ]);
    expect(one(ctx.run, 'aws:s3/bucket:Bucket').inputs.bucket).toBe(ctx.config.backup.bucket);
  });

  test('when the bucket is created, then it is versioned and every public access is blocked', () => {
    expect(one(ctx.run, 'aws:s3/bucketVersioning:BucketVersioning').inputs.versioningConfiguration).toEqual({
      status: 'Enabled',
    });
    const block = one(ctx.run, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock').inputs;
    expect([
      block.blockPublicAcls,
      block.blockPublicPolicy,
      block.ignorePublicAcls,
      block.restrictPublicBuckets,
    ]).toEqual([true, true, true, true]);
  });

  test('when the lifecycle is set, then current backups expire after exactly the retention days', () => {
    const [rule] = one(ctx.run, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration').inputs
      .rules as Record<string, { days?: number; noncurrentDays?: number; daysAfterInitiation?: number }>[];
    expect(rule?.expiration?.days).toBe(stack === 'prod' ? 30 : 7);
    expect(rule?.noncurrentVersionExpiration?.noncurrentDays).toBe(3);
    expect(rule?.abortIncompleteMultipartUpload?.daysAfterInitiation).toBe(1);
  });

  test('when the bucket policy is attached, then it denies plain HTTP and writes with another key', () => {
    const policy = JSON.parse(
      one(ctx.run, 'aws:s3/bucketPolicy:BucketPolicy').inputs.policy as string,
    ) as PolicyDocument;
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.DenyInsecureTransport?.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(bySid.DenyInsecureTransport?.Resource).toEqual([bucketArn(), `${bucketArn()}/*`]);
    expect(bySid.DenyOtherKey?.Condition).toEqual({
      StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN },
    });
  });

  test('when the backup role is created, then only the backup ServiceAccount may assume it', () => {
    const trust = JSON.parse(one(ctx.run, 'aws:iam/role:Role').inputs.assumeRolePolicy as string) as PolicyDocument;
    const issuer = CLOUD_SETTINGS.aws.awsOidcProviderArn?.split('oidc-provider/')[1];
    expect(trust.Statement[0]?.Principal).toEqual({ Federated: CLOUD_SETTINGS.aws.awsOidcProviderArn });
    expect(trust.Statement[0]?.Condition?.StringEquals).toEqual({
      [`${issuer}:sub`]: `system:serviceaccount:${ctx.config.namespace}:${names(ctx.config).backup}`,
      [`${issuer}:aud`]: 'sts.amazonaws.com',
    });
  });

  test('when the backup role gets its permissions, then they name this bucket and this key only', () => {
    const policy = JSON.parse(one(ctx.run, 'aws:iam/rolePolicy:RolePolicy').inputs.policy as string) as PolicyDocument;
    expect(policy.Statement.flatMap((s) => s.Resource).sort()).toEqual(
      [bucketArn(), `${bucketArn()}/*`, KEY_ARN].sort(),
    );
  });

  test('when the backup job is rendered, then it writes with the key ARN and assumes the role', () => {
    const env = backupEnv(ctx.run, ctx.config);
    expect(env).toMatchObject({ BACKUP_PROVIDER: 's3', BACKUP_KMS_KEY_ID: KEY_ARN, BACKUP_S3_REGION: 'eu-west-1' });
    const role = one(ctx.run, 'aws:iam/role:Role');
    expect(backupServiceAccountAnnotations(ctx.run, ctx.config)).toEqual({
      'eks.amazonaws.com/role-arn': `arn:aws:iam::111111111111:role/${String(role.inputs.name)}`,
    });
  });
});
