// Each policy passes on the real program's resources and fires on a copy with one thing broken.
import type { Policy } from '../../../policy/define';
import * as P from '../../../policy/policies';
import type { PolicyResourceLike } from '../../../policy/resources';
import type { Cloud } from '../../../infra/cloud/backup-storage';
import { runStack } from '../pulumi/harness';
import { policyResources, violations } from './evaluate';

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Mutation = (resources: PolicyResourceLike[]) => PolicyResourceLike[];

const fixtures = {} as Record<Cloud, PolicyResourceLike[]>;
beforeAll(async () => {
  for (const cloud of ['aws', 'gcp', 'azure'] as const)
    fixtures[cloud] = policyResources(await runStack('prod', cloud));
});

/** A deep copy with `change` applied to the props of the resources of `type` (and `name`, when given). */
const edit =
  (type: string, change: (props: Props) => void, name?: string): Mutation =>
  (resources) => {
    const copy = structuredClone(resources);
    const targets = copy.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (targets.length === 0) throw new Error(`fixture has no ${type} ${name ?? ''}`);
    targets.forEach((r) => change(r.props));
    return copy;
  };
const drop =
  (predicate: (r: PolicyResourceLike) => boolean): Mutation =>
  (resources) => {
    const kept = resources.filter((r) => !predicate(r));
    if (kept.length === resources.length) throw new Error('nothing dropped');
    return kept;
  };
const add =
  (extra: PolicyResourceLike): Mutation =>
  (resources) => [...resources, extra];

const API = 'api-deployment-brownie-api';
const apiContainer = (p: Props) => p.spec.template.spec.containers[0];

const cases: [string, Policy, Cloud, Mutation, RegExp][] = [
  [
    'S3 without KMS',
    P.bucketEncryptedWithCustomerKey(),
    'aws',
    edit(
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      (p) => (p.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm = 'AES256'),
    ),
    /SSE-KMS/,
  ],
  [
    'GCS without CMEK',
    P.bucketEncryptedWithCustomerKey(),
    'gcp',
    edit('gcp:storage/bucket:Bucket', (p) => delete p.encryption),
    /CMEK/,
  ],
  [
    'Azure with Microsoft-managed keys',
    P.bucketEncryptedWithCustomerKey(),
    'azure',
    edit('azure-native:storage:StorageAccount', (p) => (p.encryption.keySource = 'Microsoft.Storage')),
    /CMK/,
  ],
  [
    'a KMS key without rotation',
    P.keyRotation(),
    'aws',
    edit('aws:kms/key:Key', (p) => (p.enableKeyRotation = false)),
    /enableKeyRotation/,
  ],
  [
    'a Cloud KMS key without rotation',
    P.keyRotation(),
    'gcp',
    edit('gcp:kms/cryptoKey:CryptoKey', (p) => delete p.rotationPeriod),
    /rotationPeriod/,
  ],
  [
    'a Key Vault key without rotation',
    P.keyRotation(),
    'azure',
    edit('azure-native:keyvault:Key', (p) => delete p.properties.rotationPolicy),
    /rotation policy/,
  ],
  [
    'S3 with versioning suspended',
    P.bucketVersioning(),
    'aws',
    edit('aws:s3/bucketVersioning:BucketVersioning', (p) => (p.versioningConfiguration.status = 'Suspended')),
    /versioning/,
  ],
  [
    'GCS without versioning',
    P.bucketVersioning(),
    'gcp',
    edit('gcp:storage/bucket:Bucket', (p) => (p.versioning.enabled = false)),
    /versioning/,
  ],
  [
    'Azure without blob versioning',
    P.bucketVersioning(),
    'azure',
    edit('azure-native:storage:BlobServiceProperties', (p) => (p.isVersioningEnabled = false)),
    /versioning/,
  ],
  [
    'S3 allowing public policies',
    P.publicAccessBlocked(),
    'aws',
    edit('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', (p) => (p.blockPublicPolicy = false)),
    /public access block/,
  ],
  [
    'GCS with inherited public access',
    P.publicAccessBlocked(),
    'gcp',
    edit('gcp:storage/bucket:Bucket', (p) => (p.publicAccessPrevention = 'inherited')),
    /publicAccessPrevention/,
  ],
  [
    'Azure allowing public blobs',
    P.publicAccessBlocked(),
    'azure',
    edit('azure-native:storage:StorageAccount', (p) => (p.allowBlobPublicAccess = true)),
    /allowBlobPublicAccess/,
  ],
  [
    'an S3 policy without the TLS deny',
    P.tlsOnly(),
    'aws',
    edit('aws:s3/bucketPolicy:BucketPolicy', (p) => {
      const doc = JSON.parse(p.policy);
      doc.Statement = doc.Statement.filter((s: Props) => s.Sid !== 'DenyInsecureTransport');
      p.policy = JSON.stringify(doc);
    }),
    /SecureTransport/,
  ],
  [
    'Azure accepting TLS 1.0',
    P.tlsOnly(),
    'azure',
    edit('azure-native:storage:StorageAccount', (p) => (p.minimumTlsVersion = 'TLS1_0')),
    /TLS1_2/,
  ],
  [
    'an S3 expiry longer than the retention',
    P.lifecycleMatchesRetention(),
    'aws',
    edit('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', (p) => (p.rules[0].expiration.days = 90)),
    /after 90 days, retention is 30/,
  ],
  [
    'a GCS expiry shorter than the retention',
    P.lifecycleMatchesRetention(),
    'gcp',
    edit('gcp:storage/bucket:Bucket', (p) => (p.lifecycleRules[0].condition.age = 1)),
    /after 1 days/,
  ],
  [
    'an Azure expiry off by one',
    P.lifecycleMatchesRetention(),
    'azure',
    edit(
      'azure-native:storage:ManagementPolicy',
      (p) => (p.policy.rules[0].definition.actions.baseBlob.delete.daysAfterModificationGreaterThan = 31),
    ),
    /after 31 days/,
  ],
  [
    'an IAM policy on every resource',
    P.identityScopedToBucket(),
    'aws',
    edit('aws:iam/rolePolicy:RolePolicy', (p) => {
      const doc = JSON.parse(p.policy);
      doc.Statement[2].Resource = '*';
      p.policy = JSON.stringify(doc);
    }),
    /not scoped/,
  ],
  [
    'a storage role on the project',
    P.identityScopedToBucket(),
    'gcp',
    add({
      type: 'gcp:projects/iAMMember:IAMMember',
      name: 'x',
      urn: 'urn:x',
      props: { role: 'roles/storage.admin', member: 'serviceAccount:x' },
    }),
    /not the project/,
  ],
  [
    'a blob role on the whole account',
    P.identityScopedToBucket(),
    'azure',
    edit(
      'azure-native:authorization:RoleAssignment',
      (p) => (p.scope = '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a'),
      'backup-blob-contributor',
    ),
    /scoped to the container/,
  ],
  [
    'an IRSA trust with a wildcard subject',
    P.identityTrustsOneServiceAccount(),
    'aws',
    edit('aws:iam/role:Role', (p) => {
      const doc = JSON.parse(p.assumeRolePolicy);
      const c = doc.Statement[0].Condition;
      c.StringLike = c.StringEquals;
      delete c.StringEquals;
      p.assumeRolePolicy = JSON.stringify(doc);
    }),
    /StringEquals on :sub/,
  ],
  [
    'a federated credential for any ServiceAccount',
    P.identityTrustsOneServiceAccount(),
    'azure',
    edit(
      'azure-native:managedidentity:FederatedIdentityCredential',
      (p) => (p.subject = 'system:serviceaccount:brownie:*'),
    ),
    /one ServiceAccount/,
  ],
  [
    'a Workload Identity binding for a whole pool',
    P.identityTrustsOneServiceAccount(),
    'gcp',
    edit(
      'gcp:serviceaccount/iAMMember:IAMMember',
      (p) =>
        (p.member =
          'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p.svc.id.goog/*'),
    ),
    /one ServiceAccount/,
  ],
  [
    'a password in a ConfigMap',
    P.noPlaintextSecretsInConfigMaps(),
    'aws',
    edit(
      'kubernetes:core/v1:ConfigMap',
      (p) => (p.data['extra.conf'] = 'db_password = hunter2'),
      'pgbouncer-configmap-brownie-pgbouncer',
    ),
    /plaintext secret/,
  ],
  [
    'a credentialed URL in a ConfigMap',
    P.noPlaintextSecretsInConfigMaps(),
    'aws',
    edit(
      'kubernetes:core/v1:ConfigMap',
      (p) => (p.data['url'] = 'postgres://app:s3cret@db:5432/app'),
      'pgbouncer-configmap-brownie-pgbouncer',
    ),
    /plaintext secret/,
  ],
  [
    'a literal password in env',
    P.noPlaintextSecretsInEnv(),
    'aws',
    edit(
      'kubernetes:apps/v1:Deployment',
      (p) => apiContainer(p).env.push({ name: 'DB_PASSWORD', value: 'hunter2' }),
      API,
    ),
    /DB_PASSWORD as a literal/,
  ],
  [
    'a literal database URL in env',
    P.noPlaintextSecretsInEnv(),
    'aws',
    edit(
      'kubernetes:apps/v1:Deployment',
      (p) => (apiContainer(p).env = [{ name: 'DATABASE_URL', value: 'postgres://a:b@c/d' }]),
      API,
    ),
    /DATABASE_URL as a literal/,
  ],
  [
    'a container that may run as root',
    P.containersNonRoot(),
    'aws',
    edit(
      'kubernetes:apps/v1:Deployment',
      (p) => {
        delete p.spec.template.spec.securityContext.runAsNonRoot;
        delete apiContainer(p).securityContext.runAsNonRoot;
      },
      API,
    ),
    /may run as root/,
  ],
  [
    'a container allowing privilege escalation',
    P.containersNonRoot(),
    'aws',
    edit(
      'kubernetes:apps/v1:Deployment',
      (p) => (apiContainer(p).securityContext.allowPrivilegeEscalation = true),
      API,
    ),
    /privilege escalation/,
  ],
  [
    'a container without limits',
    P.containersHaveLimits(),
    'aws',
    edit('kubernetes:apps/v1:Deployment', (p) => delete apiContainer(p).resources.limits, API),
    /requests or limits/,
  ],
  [
    'a container without a readiness probe',
    P.containersHaveProbes(),
    'aws',
    edit('kubernetes:apps/v1:Deployment', (p) => delete apiContainer(p).readinessProbe, API),
    /probe/,
  ],
  [
    'PostgreSQL behind a LoadBalancer',
    P.noPublicDataServices(),
    'aws',
    edit('kubernetes:core/v1:Service', (p) => (p.spec.type = 'LoadBalancer'), 'patroni-service-brownie-postgres'),
    /exposes a data service as LoadBalancer/,
  ],
  [
    'Redis on a NodePort',
    P.noPublicDataServices(),
    'aws',
    edit('kubernetes:core/v1:Service', (p) => (p.spec.type = 'NodePort'), 'redis-service-brownie-redis'),
    /as NodePort/,
  ],
  [
    'no default-deny NetworkPolicy',
    P.defaultDenyNetworkPolicy(),
    'aws',
    drop((r) => r.name === 'network-policies-networkpolicy-brownie-default-deny'),
    /no default-deny/,
  ],
  [
    'prod Patroni with 2 members',
    P.prodDatabaseHighlyAvailable(),
    'aws',
    edit('kubernetes:apps/v1:StatefulSet', (p) => (p.spec.replicas = 2), 'patroni-statefulset-brownie-postgres'),
    /2 members, prod needs at least 3/,
  ],
  [
    'prod Patroni without a PDB',
    P.prodDatabaseHighlyAvailable(),
    'aws',
    drop((r) => r.name === 'patroni-poddisruptionbudget-brownie-postgres'),
    /no PodDisruptionBudget/,
  ],
  [
    'an image on latest',
    P.imagesPinned(),
    'aws',
    edit('kubernetes:apps/v1:Deployment', (p) => (apiContainer(p).image = 'ghcr.io/brownie/metadata-api:latest'), API),
    /not pinned/,
  ],
  [
    'an image without a tag',
    P.imagesPinned(),
    'aws',
    edit('kubernetes:apps/v1:Deployment', (p) => (apiContainer(p).image = 'registry:5000/brownie/api'), API),
    /not pinned/,
  ],
];

test('when every policy is listed, then each has at least one violating case here', () => {
  const covered = new Set(cases.map(([, policy]) => policy.name));
  expect(
    P.allPolicies()
      .map((p) => p.name)
      .filter((name) => !covered.has(name)),
  ).toEqual([]);
});

test.each(cases)(
  'when the program has %s, then %#: the policy passes the original and fires on the change',
  async (_, policy, cloud, mutate, message) => {
    expect(await violations(policy, fixtures[cloud])).toEqual([]);
    const found = await violations(policy, mutate(fixtures[cloud]));
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  },
);

test('when a dev stack has 2 Patroni members, then the prod rule does not apply', async () => {
  const dev = fixtures.aws.map((r) => ({ ...r, urn: r.urn.replace('urn:pulumi:prod::', 'urn:pulumi:dev::') }));
  const twoMembers = edit(
    'kubernetes:apps/v1:StatefulSet',
    (p) => (p.spec.replicas = 2),
    'patroni-statefulset-brownie-postgres',
  );
  expect(await violations(P.prodDatabaseHighlyAvailable(), twoMembers(dev))).toEqual([]);
});
