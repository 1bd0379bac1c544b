// IAM and S3 documents for the AWS backup storage, as plain functions so their exact JSON is tested without mocks.
import type { LifecyclePlan } from './lifecycle';
import { serviceAccountSubject } from './identity-names';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

const document = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

/** An IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/ISSUER). */
export const OIDC_PROVIDER_ARN = /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/(.+)$/;

/** The issuer host/path of an IAM OIDC provider ARN. */
export function oidcIssuer(oidcProviderArn: string): string {
  const match = OIDC_PROVIDER_ARN.exec(oidcProviderArn);
  if (!match?.[1]) {
    throw new Error(
      `oidcProviderArn: expected arn:aws:iam::<account>:oidc-provider/<issuer> (got "${oidcProviderArn}")`,
    );
  }
  return match[1];
}

/** Only the backup ServiceAccount, through the cluster's OIDC provider, may assume the role (IRSA). */
export function irsaTrustPolicy(oidcProviderArn: string, namespace: string, serviceAccount: string): PolicyDocument {
  const issuer = oidcIssuer(oidcProviderArn);
  return document({
    Sid: 'BackupServiceAccount',
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${issuer}:sub`]: serviceAccountSubject(namespace, serviceAccount),
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      },
    },
  });
}

/** What the backup engine does, on this bucket and key only (docs/backup-providers.md). */
export function backupRolePolicy(bucketArn: string, keyArn: string): PolicyDocument {
  return document(
    {
      Sid: 'Objects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      Resource: `${bucketArn}/*`,
    },
    // Without ListBucket a missing object answers 403 instead of 404.
    { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
    { Sid: 'Key', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn },
  );
}

/**
 * TLS only, and nothing written with another encryption than this key. The encryption conditions use IfExists:
 * UploadPart requests carry no encryption header (the multipart upload's creation does), and a write without one
 * gets the bucket's default, which is this key.
 */
export function bucketPolicy(bucketArn: string, keyArn: string): PolicyDocument {
  return document(
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyOtherEncryption',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    {
      Sid: 'DenyOtherKey',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
    },
  );
}

/** aws.s3.BucketLifecycleConfiguration rules from the plan. */
export function s3LifecycleRules(plan: LifecyclePlan) {
  return [
    {
      id: 'expire-backups',
      status: 'Enabled',
      filter: { prefix: '' },
      expiration: { days: plan.expireCurrentAfterDays },
      noncurrentVersionExpiration: { noncurrentDays: plan.expireNoncurrentAfterDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: plan.abortIncompleteUploadAfterDays },
    },
  ];
}
