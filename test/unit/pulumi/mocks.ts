// Pulumi runtime mocks for the program: each resource echoes its inputs plus the outputs the cloud would compute
// (ARNs, ids, emails, URIs), and each invoke the program makes has an answer. Unknown invokes are recorded, not
// thrown (a throwing mock hangs the run), and a test asserts there are none.
import type * as pulumi from '@pulumi/pulumi';

export const GCS_SERVICE_AGENT = 'service-123456789@gs-project-accounts.iam.gserviceaccount.com';
export const AZURE_CLIENT = {
  tenantId: '00000000-0000-0000-0000-00000000aaaa',
  subscriptionId: '00000000-0000-0000-0000-00000000bbbb',
  objectId: '00000000-0000-0000-0000-00000000cccc',
  clientId: '00000000-0000-0000-0000-00000000dddd',
};

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
}

type Inputs = Record<string, unknown>;

/** Outputs a real provider would add, keyed by resource type. */
const COMPUTED: Record<string, (name: string, inputs: Inputs) => Inputs> = {
  'random:index/randomPassword:RandomPassword': (name, i) => ({
    result: name.replace(/[^a-zA-Z0-9]/g, '').padEnd(Number(i.length), '0'),
  }),
  'aws:kms/key:Key': (name) => ({
    arn: `arn:aws:kms:eu-west-1:111111111111:key/${name}-id`,
    keyId: `${name}-id`,
  }),
  // S3 bucket ids are their names.
  'aws:s3/bucket:Bucket': (_, i) => ({ id: i.bucket, arn: `arn:aws:s3:::${String(i.bucket)}` }),
  'aws:iam/role:Role': (_, i) => ({ arn: `arn:aws:iam::111111111111:role/${String(i.name)}` }),
  'gcp:kms/keyRing:KeyRing': (_, i) => ({
    id: `projects/${String(i.project)}/locations/${String(i.location)}/keyRings/${String(i.name)}`,
  }),
  'gcp:kms/cryptoKey:CryptoKey': (_, i) => ({ id: `${String(i.keyRing)}/cryptoKeys/${String(i.name)}` }),
  'gcp:serviceaccount/account:Account': (_, i) => ({
    email: `${String(i.accountId)}@${String(i.project)}.iam.gserviceaccount.com`,
    name: `projects/${String(i.project)}/serviceAccounts/${String(i.accountId)}`,
  }),
  'azure-native:resources:ResourceGroup': (name) => ({ name: `${name}-rg` }),
  'azure-native:keyvault:Vault': (_, i) => ({
    name: i.vaultName,
    properties: { ...(i.properties as Inputs), vaultUri: `https://${String(i.vaultName)}.vault.azure.net/` },
  }),
  'azure-native:keyvault:Key': (_, i) => ({
    name: i.keyName,
    keyUri: `https://${String(i.vaultName)}.vault.azure.net/keys/${String(i.keyName)}`,
  }),
  'azure-native:managedidentity:UserAssignedIdentity': (name) => ({
    name,
    clientId: `client-id-of-${name}`,
    principalId: `principal-id-of-${name}`,
  }),
  'azure-native:storage:StorageAccount': (_, i) => ({ name: i.accountName }),
  'azure-native:storage:EncryptionScope': (_, i) => ({ name: i.encryptionScopeName }),
  'azure-native:storage:BlobContainer': (_, i) => ({
    name: i.containerName,
    id:
      `/subscriptions/${AZURE_CLIENT.subscriptionId}/resourceGroups/${String(i.resourceGroupName)}` +
      `/providers/Microsoft.Storage/storageAccounts/${String(i.accountName)}/blobServices/default/containers/${String(i.containerName)}`,
  }),
};

const CALLS: Record<string, Inputs> = {
  'gcp:storage/getProjectServiceAccount:getProjectServiceAccount': { emailAddress: GCS_SERVICE_AGENT },
  'azure-native:authorization:getClientConfig': AZURE_CLIENT,
};

export function recordingMocks(resources: RecordedResource[], unknownCalls: string[]): pulumi.runtime.Mocks {
  return {
    newResource: ({ type, name, inputs }) => {
      const state = { ...inputs, ...COMPUTED[type]?.(name, inputs) };
      resources.push({ type, name, inputs, state });
      const id = typeof state.id === 'string' ? state.id : `${name}-id`;
      return { id, state };
    },
    call: ({ token }) => {
      const answer = CALLS[token];
      if (!answer) unknownCalls.push(token);
      return answer ?? {};
    },
  };
}
