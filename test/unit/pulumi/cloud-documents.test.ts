// The plain functions behind the backup storage: lifecycle plan, IAM and bucket policies, names. No mocks needed.
import {
  backupRolePolicy,
  bucketPolicy,
  irsaTrustPolicy,
  oidcIssuer,
  s3LifecycleRules,
} from '../../../infra/cloud/aws-documents';
import { azureLifecycleRules, keyVaultName, storageAccountName } from '../../../infra/cloud/azure-documents';
import {
  gcsLifecycleRules,
  rotationPeriod,
  serviceAccountId,
  workloadIdentityMember,
} from '../../../infra/cloud/gcp-documents';
import { lifecyclePlan } from '../../../infra/cloud/lifecycle';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC';

describe('the lifecycle plan', () => {
  test('when built from a retention, then current objects expire after exactly that many days', () => {
    expect(lifecyclePlan(30)).toEqual({
      expireCurrentAfterDays: 30,
      expireNoncurrentAfterDays: 3,
      abortIncompleteUploadAfterDays: 1,
    });
  });

  test.each([0, -1, 1.5])('when the retention is %s, then it is refused naming retentionDays', (days) => {
    expect(() => lifecyclePlan(days)).toThrow(/^retentionDays: expected a whole number of days ≥ 1/);
  });

  test('when each cloud renders the plan, then all three use the same days', () => {
    const plan = lifecyclePlan(12);
    expect(s3LifecycleRules(plan)[0]?.expiration.days).toBe(12);
    expect(gcsLifecycleRules(plan)[0]?.condition.age).toBe(12);
    expect(azureLifecycleRules(plan, 'c')[0]?.definition.actions.baseBlob.delete.daysAfterModificationGreaterThan).toBe(
      12,
    );
  });
});

describe('the AWS documents', () => {
  test('when the OIDC provider ARN is parsed, then the issuer is what follows oidc-provider/', () => {
    expect(oidcIssuer(PROVIDER)).toBe('oidc.eks.eu-west-1.amazonaws.com/id/ABC');
    expect(() => oidcIssuer('arn:aws:iam::123:role/x')).toThrow(/^oidcProviderArn: expected/);
  });

  test('when the trust policy is built, then it names the ServiceAccount subject and the STS audience', () => {
    const [statement] = irsaTrustPolicy(PROVIDER, 'brownie', 'brownie-backup').Statement;
    expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement?.Condition).toEqual({
      StringEquals: {
        'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:brownie:brownie-backup',
        'oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com',
      },
    });
  });

  test('when the role policy is built, then it grants what docs/backup-providers.md lists, on one bucket and key', () => {
    const policy = backupRolePolicy('arn:aws:s3:::b', 'arn:k');
    expect(policy.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      [['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], 'arn:aws:s3:::b/*'],
      ['s3:ListBucket', 'arn:aws:s3:::b'],
      [['kms:GenerateDataKey', 'kms:Decrypt'], 'arn:k'],
    ]);
    expect(policy.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  test('when the bucket policy is built, then its encryption denies tolerate multipart parts without headers', () => {
    const denies = bucketPolicy('arn:aws:s3:::b', 'arn:k').Statement.filter((s) => s.Action === 's3:PutObject');
    expect(denies.map((s) => Object.keys(s.Condition ?? {}))).toEqual([
      ['StringNotEqualsIfExists'],
      ['StringNotEqualsIfExists'],
    ]);
  });
});

describe('the GCP and Azure names', () => {
  test('when the Workload Identity member is built, then it is the pool principal of the ServiceAccount', () => {
    expect(workloadIdentityMember('p', 'ns', 'sa')).toBe('serviceAccount:p.svc.id.goog[ns/sa]');
  });

  test('when names are derived from a long bucket, then they fit each cloud limit', () => {
    const bucket = 'brownie-production-eu-west-backups-2026';
    expect(serviceAccountId(bucket)).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    expect(storageAccountName(bucket)).toMatch(/^[a-z0-9]{3,24}$/);
    expect(keyVaultName(bucket)).toMatch(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/);
    expect(rotationPeriod(90)).toBe('7776000s');
  });

  test('when a bucket gives no valid service account id, then it is refused naming the bucket', () => {
    expect(() => serviceAccountId('123')).toThrow(/^bucket: /);
  });
});
