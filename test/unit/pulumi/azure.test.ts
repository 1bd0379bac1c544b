// The program on Azure, dev and prod stack files, under mocks: storage account with a Key Vault key, container,
// lifecycle policy, and the backup identity federated with the Kubernetes ServiceAccount.
import { AZURE_ROLES } from '../../../infra/cloud/azure-documents';
import { names } from '../../../infra/config';
import { backupEnv, backupPodLabels, backupServiceAccountAnnotations, describeCommonFacts } from './facts';
import { CLOUD_SETTINGS, one, ofType, runStack } from './harness';
import { AZURE_CLIENT } from './mocks';

describe.each(['dev', 'prod'] as const)('the %s stack on Azure', (stack) => {
  const ctx = describeCommonFacts(stack, 'azure', () => runStack(stack, 'azure'));
  const account = () => one(ctx.run, 'azure-native:storage:StorageAccount').inputs;
  const key = () => one(ctx.run, 'azure-native:keyvault:Key').inputs;

  test('when the storage account is created, then it takes TLS 1.2+, no public or shared-key access, and the vault key', () => {
    const vault = one(ctx.run, 'azure-native:keyvault:Vault').inputs;
    expect(account()).toMatchObject({
      minimumTlsVersion: 'TLS1_2',
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      encryption: {
        keySource: 'Microsoft.Keyvault',
        requireInfrastructureEncryption: true,
        keyVaultProperties: {
          keyName: key().keyName,
          keyVaultUri: `https://${String(vault.vaultName)}.vault.azure.net/`,
        },
      },
    });
    expect(vault.properties).toMatchObject({
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      tenantId: AZURE_CLIENT.tenantId,
    });
  });

  test('when the container is created, then it is private and written through the key-backed encryption scope', () => {
    const scope = one(ctx.run, 'azure-native:storage:EncryptionScope').inputs;
    expect(scope).toMatchObject({ source: 'Microsoft.KeyVault', requireInfrastructureEncryption: true });
    expect(one(ctx.run, 'azure-native:storage:BlobContainer').inputs).toMatchObject({
      containerName: ctx.config.backup.bucket,
      publicAccess: 'None',
      defaultEncryptionScope: scope.encryptionScopeName,
    });
  });

  test('when the lifecycle policy is set, then the container blobs are deleted after exactly the retention days', () => {
    const policy = one(ctx.run, 'azure-native:storage:ManagementPolicy').inputs.policy as {
      rules: {
        definition: { filters: { prefixMatch: string[] }; actions: { baseBlob: { delete: Record<string, number> } } };
      }[];
    };
    const [rule] = policy.rules;
    expect(rule?.definition.actions.baseBlob.delete.daysAfterModificationGreaterThan).toBe(stack === 'prod' ? 30 : 7);
    expect(rule?.definition.filters.prefixMatch).toEqual([`${ctx.config.backup.bucket}/`]);
  });

  test('when the identity is federated, then it trusts the cluster issuer for the backup ServiceAccount only', () => {
    const credential = one(ctx.run, 'azure-native:managedidentity:FederatedIdentityCredential').inputs;
    expect(credential).toMatchObject({
      issuer: CLOUD_SETTINGS.azure.azureOidcIssuerUrl,
      subject: `system:serviceaccount:${ctx.config.namespace}:${names(ctx.config).backup}`,
      audiences: ['api://AzureADTokenExchange'],
    });
  });

  test('when roles are assigned, then the job identity gets blob data access on the container and nothing else', () => {
    const assignments = ofType(ctx.run, 'azure-native:authorization:RoleAssignment').map((r) => r.inputs);
    const role = (id: string) =>
      `/subscriptions/${AZURE_CLIENT.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    const forJob = assignments.filter((a) => a.principalId === 'principal-id-of-backup-identity');
    expect(forJob).toEqual([
      expect.objectContaining({
        roleDefinitionId: role(AZURE_ROLES.storageBlobDataContributor),
        scope: expect.stringMatching(new RegExp(`/blobServices/default/containers/${ctx.config.backup.bucket}$`)),
      }),
    ]);
    const forAccount = assignments.filter((a) => a.principalId === 'principal-id-of-backup-account-identity');
    expect(forAccount).toEqual([
      expect.objectContaining({ roleDefinitionId: role(AZURE_ROLES.keyVaultCryptoServiceEncryptionUser) }),
    ]);
  });

  test('when the backup job is rendered, then it uses Workload Identity, the account URL and the encryption scope', () => {
    expect(backupServiceAccountAnnotations(ctx.run, ctx.config)).toEqual({
      'azure.workload.identity/client-id': 'client-id-of-backup-identity',
    });
    expect(backupPodLabels(ctx.run, ctx.config)['azure.workload.identity/use']).toBe('true');
    expect(backupEnv(ctx.run, ctx.config)).toMatchObject({
      BACKUP_PROVIDER: 'azure',
      BACKUP_AZURE_ACCOUNT_URL: `https://${String(account().accountName)}.blob.core.windows.net`,
      BACKUP_AZURE_ENCRYPTION_SCOPE: 'backups',
    });
  });
});
