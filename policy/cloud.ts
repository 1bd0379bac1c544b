// Policies on the backup storage of every cloud: customer-managed keys, rotation, versioning, no public access,
// TLS, lifecycle equal to the retention, identities scoped to the one bucket and the one ServiceAccount.
import { resourcePolicy, stackPolicy } from './define';
import { asArray, containers, get, KUBE, type PolicyResourceLike } from './resources';

const T = {
  s3Bucket: 'aws:s3/bucket:Bucket',
  s3Encryption: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  s3Versioning: 'aws:s3/bucketVersioning:BucketVersioning',
  s3PublicAccessBlock: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  s3Lifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  s3Policy: 'aws:s3/bucketPolicy:BucketPolicy',
  kmsKey: 'aws:kms/key:Key',
  iamRole: 'aws:iam/role:Role',
  iamRolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  gcsBucket: 'gcp:storage/bucket:Bucket',
  gcpKey: 'gcp:kms/cryptoKey:CryptoKey',
  gcpSaMember: 'gcp:serviceaccount/iAMMember:IAMMember',
  gcpProjectMember: 'gcp:projects/iAMMember:IAMMember',
  azureAccount: 'azure-native:storage:StorageAccount',
  azureBlobService: 'azure-native:storage:BlobServiceProperties',
  azureContainer: 'azure-native:storage:BlobContainer',
  azureLifecycle: 'azure-native:storage:ManagementPolicy',
  azureKey: 'azure-native:keyvault:Key',
  azureVault: 'azure-native:keyvault:Vault',
  azureCredential: 'azure-native:managedidentity:FederatedIdentityCredential',
  azureRoleAssignment: 'azure-native:authorization:RoleAssignment',
} as const;

const ofType = (resources: PolicyResourceLike[], type: string) => resources.filter((r) => r.type === type);
const only = (type: string, check: (props: Record<string, unknown>) => string[]) => (r: PolicyResourceLike) =>
  r.type === type ? check(r.props) : [];
const json = (value: unknown): Record<string, unknown> | undefined => {
  if (typeof value !== 'string') return value as Record<string, unknown> | undefined;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};
const statements = (policy: unknown) => asArray<Record<string, unknown>>(get(json(policy), 'Statement'));

/** S3 buckets need their companion resource (encryption, versioning...) pointing at them. */
function s3Companion(
  resources: PolicyResourceLike[],
  type: string,
  ok: (props: Record<string, unknown>) => boolean,
  message: string,
) {
  return ofType(resources, T.s3Bucket)
    .filter((bucket) => {
      const companions = ofType(resources, type).filter((c) =>
        [undefined, bucket.props.bucket, bucket.props.id].includes(c.props.bucket as string),
      );
      return !companions.some((c) => ok(c.props));
    })
    .map((bucket) => ({ message: `${message} (bucket ${bucket.name})`, urn: bucket.urn }));
}

export const bucketEncryptedWithCustomerKey = () =>
  stackPolicy(
    'bucket-encrypted-with-customer-key',
    'Backup buckets are encrypted with a customer-managed key.',
    (rs) => [
      ...s3Companion(
        rs,
        T.s3Encryption,
        (p) =>
          asArray(p.rules).some(
            (rule) =>
              get(rule, 'applyServerSideEncryptionByDefault', 'sseAlgorithm') === 'aws:kms' &&
              get(rule, 'applyServerSideEncryptionByDefault', 'kmsMasterKeyId') !== '' &&
              get(rule, 'bucketKeyEnabled') === true,
          ),
        'S3 bucket needs SSE-KMS with a KMS key and a bucket key',
      ),
      ...ofType(rs, T.gcsBucket)
        .filter((b) => get(b.props, 'encryption', 'defaultKmsKeyName') === '' || !get(b.props, 'encryption'))
        .map((b) => ({ message: 'GCS bucket needs encryption.defaultKmsKeyName (CMEK)', urn: b.urn })),
      ...ofType(rs, T.azureAccount)
        .filter((a) => get(a.props, 'encryption', 'keySource') !== 'Microsoft.Keyvault')
        .map((a) => ({ message: 'storage account needs encryption.keySource Microsoft.Keyvault (CMK)', urn: a.urn })),
    ],
  );

export const keyRotation = () =>
  resourcePolicy('key-rotation', 'Customer-managed keys rotate automatically.', (r) => [
    ...only(T.kmsKey, (p) => (p.enableKeyRotation === true ? [] : ['KMS key needs enableKeyRotation']))(r),
    ...only(T.gcpKey, (p) => (p.rotationPeriod ? [] : ['Cloud KMS key needs a rotationPeriod']))(r),
    ...only(T.azureKey, (p) =>
      asArray(get(p, 'properties', 'rotationPolicy', 'lifetimeActions')).some(
        (a) => get(a, 'action', 'type') === 'rotate',
      )
        ? []
        : ['Key Vault key needs a rotation policy with a rotate action'],
    )(r),
  ]);

export const bucketVersioning = () =>
  stackPolicy('bucket-versioning', 'Backup buckets keep versions, so a mistaken delete can be undone.', (rs) => [
    ...s3Companion(
      rs,
      T.s3Versioning,
      (p) => get(p, 'versioningConfiguration', 'status') === 'Enabled',
      'S3 bucket needs versioning',
    ),
    ...ofType(rs, T.gcsBucket)
      .filter((b) => get(b.props, 'versioning', 'enabled') !== true)
      .map((b) => ({ message: 'GCS bucket needs versioning.enabled', urn: b.urn })),
    ...(ofType(rs, T.azureAccount).length > 0 &&
    !ofType(rs, T.azureBlobService).some((s) => s.props.isVersioningEnabled === true)
      ? [{ message: 'storage account needs blob versioning (BlobServiceProperties.isVersioningEnabled)' }]
      : []),
  ]);

export const publicAccessBlocked = () =>
  stackPolicy('public-access-blocked', 'Nothing in a backup bucket can be made public.', (rs) => [
    ...s3Companion(
      rs,
      T.s3PublicAccessBlock,
      (p) =>
        ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every(
          (k) => p[k] === true,
        ),
      'S3 bucket needs a public access block with all four settings on',
    ),
    ...ofType(rs, T.gcsBucket)
      .filter((b) => b.props.publicAccessPrevention !== 'enforced' || b.props.uniformBucketLevelAccess !== true)
      .map((b) => ({ message: 'GCS bucket needs publicAccessPrevention enforced and uniform access', urn: b.urn })),
    ...ofType(rs, T.azureAccount)
      .filter((a) => a.props.allowBlobPublicAccess !== false)
      .map((a) => ({ message: 'storage account needs allowBlobPublicAccess false', urn: a.urn })),
    ...ofType(rs, T.azureContainer)
      .filter((c) => c.props.publicAccess !== 'None')
      .map((c) => ({ message: 'container needs publicAccess None', urn: c.urn })),
  ]);

export const tlsOnly = () =>
  resourcePolicy('tls-only', 'Backup storage refuses unencrypted transport.', (r) => [
    ...only(T.s3Policy, (p) =>
      statements(p.policy).some(
        (s) => s.Effect === 'Deny' && get(s, 'Condition', 'Bool', 'aws:SecureTransport') === 'false',
      ) || p.policy === undefined
        ? []
        : ['bucket policy needs a Deny on aws:SecureTransport false'],
    )(r),
    ...only(T.azureAccount, (p) =>
      p.minimumTlsVersion === 'TLS1_2' && p.enableHttpsTrafficOnly !== false
        ? []
        : ['storage account needs minimumTlsVersion TLS1_2 and HTTPS only'],
    )(r),
  ]);

/** The retention the backup job runs with (its BACKUP_RETENTION_DAYS), which every lifecycle rule must match. */
function configuredRetention(rs: PolicyResourceLike[]): number | undefined {
  for (const job of ofType(rs, KUBE.cronJob)) {
    for (const { container } of containers(job.type, job.props)) {
      const value = container.env?.find((e) => e.name === 'BACKUP_RETENTION_DAYS')?.value;
      if (value) return Number(value);
    }
  }
  return undefined;
}

export const lifecycleMatchesRetention = () =>
  stackPolicy(
    'lifecycle-matches-retention',
    "Bucket lifecycle expiry equals the backup job's retention (BACKUP_RETENTION_DAYS).",
    (rs) => {
      const retention = configuredRetention(rs);
      if (retention === undefined) return [];
      const expiries: { days: unknown; urn: string }[] = [
        ...ofType(rs, T.s3Lifecycle).flatMap((l) =>
          asArray(l.props.rules).map((rule) => ({ days: get(rule, 'expiration', 'days'), urn: l.urn })),
        ),
        ...ofType(rs, T.gcsBucket).flatMap((b) =>
          asArray(b.props.lifecycleRules)
            .filter((rule) => get(rule, 'condition', 'withState') === 'LIVE')
            .map((rule) => ({ days: get(rule, 'condition', 'age'), urn: b.urn })),
        ),
        ...ofType(rs, T.azureLifecycle).flatMap((p) =>
          asArray(get(p.props, 'policy', 'rules')).map((rule) => ({
            days: get(rule, 'definition', 'actions', 'baseBlob', 'delete', 'daysAfterModificationGreaterThan'),
            urn: p.urn,
          })),
        ),
      ];
      const buckets = [...ofType(rs, T.s3Bucket), ...ofType(rs, T.gcsBucket), ...ofType(rs, T.azureContainer)];
      if (buckets.length > 0 && expiries.length === 0) return [{ message: 'backup bucket has no expiry rule' }];
      return expiries
        .filter((e) => e.days !== retention)
        .map((e) => ({
          message: `lifecycle expires after ${String(e.days)} days, retention is ${retention}`,
          urn: e.urn,
        }));
    },
  );

export const identityScopedToBucket = () =>
  resourcePolicy('identity-scoped-to-bucket', 'The backup identity may touch its bucket and key only.', (r) => [
    ...only(T.iamRolePolicy, (p) =>
      statements(p.policy).flatMap((s) =>
        asArray<string>(Array.isArray(s.Resource) ? s.Resource : [s.Resource]).some(
          (res) => res === '*' || /^arn:aws:s3:::\*/.test(res),
        )
          ? [`role policy statement ${String(s.Sid)} is not scoped to one bucket or key`]
          : [],
      ),
    )(r),
    ...only(T.gcpProjectMember, (p) =>
      /^roles\/storage\./.test(String(p.role)) ? ['storage roles belong on the bucket, not the project'] : [],
    )(r),
    ...only(T.azureRoleAssignment, (p) =>
      String(p.roleDefinitionId ?? '').endsWith('ba92f5b4-2d11-453d-a403-e96b0029c9fe') &&
      p.scope !== undefined &&
      !String(p.scope).includes('/blobServices/default/containers/')
        ? ['Storage Blob Data Contributor must be scoped to the container']
        : [],
    )(r),
  ]);

const SUBJECT = /^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/;

export const identityTrustsOneServiceAccount = () =>
  resourcePolicy(
    'identity-trusts-one-service-account',
    'Workload identities trust one named Kubernetes ServiceAccount, never a pattern.',
    (r) => [
      ...only(T.iamRole, (p) =>
        statements(p.assumeRolePolicy)
          .filter((s) => s.Action === 'sts:AssumeRoleWithWebIdentity')
          .flatMap((s) => {
            const equals = (get(s, 'Condition', 'StringEquals') ?? {}) as Record<string, string>;
            const subject = Object.entries(equals).find(([k]) => k.endsWith(':sub'))?.[1];
            return subject && SUBJECT.test(subject)
              ? []
              : ['web identity trust needs StringEquals on :sub naming one ServiceAccount'];
          }),
      )(r),
      ...only(T.azureCredential, (p) =>
        SUBJECT.test(String(p.subject)) ? [] : ['federated credential subject must name one ServiceAccount'],
      )(r),
      ...only(T.gcpSaMember, (p) =>
        p.role !== 'roles/iam.workloadIdentityUser' ||
        /\.svc\.id\.goog\[[a-z0-9-]+\/[a-z0-9-]+\]$/.test(String(p.member))
          ? []
          : ['Workload Identity member must name one ServiceAccount'],
      )(r),
    ],
  );

export const cloudPolicies = () => [
  bucketEncryptedWithCustomerKey(),
  keyRotation(),
  bucketVersioning(),
  publicAccessBlocked(),
  tlsOnly(),
  lifecycleMatchesRetention(),
  identityScopedToBucket(),
  identityTrustsOneServiceAccount(),
];
