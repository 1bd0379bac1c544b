// Backups on Azure: a storage account (TLS 1.2+, no public or shared-key access, infrastructure encryption, a
// customer-managed Key Vault key), a private container with a lifecycle policy, and a user-assigned identity the
// backup ServiceAccount federates with (Azure Workload Identity).
import * as authorization from '@pulumi/azure-native/authorization';
import * as keyvault from '@pulumi/azure-native/keyvault';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import * as pulumi from '@pulumi/pulumi';
import {
  AZURE_ROLES,
  AZURE_TOKEN_AUDIENCE,
  azureLifecycleRules,
  keyVaultName,
  roleDefinitionId,
  storageAccountName,
} from './azure-documents';
import type { BackupStorageCommonArgs } from './backup-storage';
import { BackupStorageComponent } from './storage-component';
import { lifecyclePlan, NONCURRENT_GRACE_DAYS } from './lifecycle';
import { serviceAccountSubject } from './identity-names';

export interface AzureBackupStorageArgs extends BackupStorageCommonArgs {
  /** Azure region of every resource (e.g. westeurope). */
  location: string;
  /** The AKS cluster's OIDC issuer URL, trusted by the federated credential. */
  oidcIssuerUrl: string;
  /**
   * Storage account name (globally unique, 3–24 lowercase letters and digits).
   * @default the bucket name without dashes, plus "sa"
   */
  storageAccountName?: string;
  /**
   * Key Vault name (globally unique, 3–24 characters).
   * @default the bucket name plus "-kv"
   */
  keyVaultName?: string;
}

/** The encryption scope the backup job writes with (BACKUP_AZURE_ENCRYPTION_SCOPE). */
export const ENCRYPTION_SCOPE = 'backups';

export class AzureBackupStorage extends BackupStorageComponent {
  readonly cloud = 'azure' as const;

  constructor(name: string, args: AzureBackupStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super('brownie:cloud:AzureBackupStorage', name, {}, opts);
    if (!/^https:\/\//.test(args.oidcIssuerUrl)) {
      throw new Error(`oidcIssuerUrl: expected the cluster's https:// OIDC issuer (got "${args.oidcIssuerUrl}")`);
    }
    const plan = lifecyclePlan(args.retentionDays);
    const parent = { parent: this };
    const { location } = args;
    const tags = args.tags;
    const client = authorization.getClientConfigOutput(parent);
    const role = (id: string) => client.subscriptionId.apply((s) => roleDefinitionId(s, id));

    const group = new resources.ResourceGroup(`${name}-group`, { location, tags }, parent);
    const resourceGroupName = group.name;

    const vault = new keyvault.Vault(
      `${name}-vault`,
      {
        resourceGroupName,
        location,
        vaultName: args.keyVaultName ?? keyVaultName(args.bucket),
        properties: {
          tenantId: client.tenantId,
          sku: { family: 'A', name: 'standard' },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: 90,
          // A storage account's key may not be purged while the account needs it.
          enablePurgeProtection: true,
          publicNetworkAccess: 'Enabled',
        },
        tags,
      },
      parent,
    );
    const deployerGrant = new authorization.RoleAssignment(
      `${name}-deployer-key-officer`,
      {
        principalId: client.objectId,
        roleDefinitionId: role(AZURE_ROLES.keyVaultCryptoOfficer),
        scope: vault.id,
      },
      parent,
    );
    const key = new keyvault.Key(
      `${name}-key`,
      {
        resourceGroupName,
        vaultName: vault.name,
        keyName: 'backups',
        properties: {
          kty: 'RSA',
          keySize: 3072,
          keyOps: ['wrapKey', 'unwrapKey'],
          rotationPolicy: {
            attributes: { expiryTime: 'P2Y' },
            lifetimeActions: [{ action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P18M' } }],
          },
        },
        tags,
      },
      { ...parent, dependsOn: [deployerGrant] },
    );

    // The account reads its key as this identity; the backup job has an identity of its own.
    const accountIdentity = new managedidentity.UserAssignedIdentity(
      `${name}-account-identity`,
      { resourceGroupName, location, tags },
      parent,
    );
    const accountKeyGrant = new authorization.RoleAssignment(
      `${name}-account-key-user`,
      {
        principalId: accountIdentity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: role(AZURE_ROLES.keyVaultCryptoServiceEncryptionUser),
        scope: vault.id,
      },
      parent,
    );
    const account = new storage.StorageAccount(
      `${name}-account`,
      {
        resourceGroupName,
        location,
        accountName: args.storageAccountName ?? storageAccountName(args.bucket),
        kind: 'StorageV2',
        sku: { name: 'Standard_ZRS' },
        minimumTlsVersion: 'TLS1_2',
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        identity: { type: 'UserAssigned', userAssignedIdentities: [accountIdentity.id] },
        encryption: {
          keySource: 'Microsoft.Keyvault',
          requireInfrastructureEncryption: true,
          keyVaultProperties: { keyName: key.name, keyVaultUri: vault.properties.apply((p) => p.vaultUri ?? '') },
          encryptionIdentity: { encryptionUserAssignedIdentity: accountIdentity.id },
          services: { blob: { enabled: true, keyType: 'Account' } },
        },
        tags,
      },
      { ...parent, dependsOn: [accountKeyGrant] },
    );
    const accountName = account.name;
    new storage.BlobServiceProperties(
      `${name}-blob-service`,
      {
        resourceGroupName,
        accountName,
        blobServicesName: 'default',
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: NONCURRENT_GRACE_DAYS },
        containerDeleteRetentionPolicy: { enabled: true, days: NONCURRENT_GRACE_DAYS },
      },
      parent,
    );
    const scope = new storage.EncryptionScope(
      `${name}-encryption-scope`,
      {
        resourceGroupName,
        accountName,
        encryptionScopeName: ENCRYPTION_SCOPE,
        source: 'Microsoft.KeyVault',
        keyVaultProperties: { keyUri: key.keyUri },
        requireInfrastructureEncryption: true,
        state: 'Enabled',
      },
      parent,
    );
    const container = new storage.BlobContainer(
      `${name}-container`,
      {
        resourceGroupName,
        accountName,
        containerName: args.bucket,
        publicAccess: 'None',
        defaultEncryptionScope: scope.name,
        denyEncryptionScopeOverride: true,
      },
      parent,
    );
    new storage.ManagementPolicy(
      `${name}-lifecycle`,
      {
        resourceGroupName,
        accountName,
        managementPolicyName: 'default',
        policy: { rules: azureLifecycleRules(plan, args.bucket) },
      },
      parent,
    );

    const jobIdentity = new managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      { resourceGroupName, location, tags },
      parent,
    );
    new managedidentity.FederatedIdentityCredential(
      `${name}-federated-credential`,
      {
        resourceGroupName,
        resourceName: jobIdentity.name,
        federatedIdentityCredentialResourceName: 'backup-service-account',
        issuer: args.oidcIssuerUrl,
        subject: serviceAccountSubject(args.namespace, args.serviceAccount),
        audiences: [AZURE_TOKEN_AUDIENCE],
      },
      parent,
    );
    new authorization.RoleAssignment(
      `${name}-blob-contributor`,
      {
        principalId: jobIdentity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: role(AZURE_ROLES.storageBlobDataContributor),
        scope: container.id,
      },
      parent,
    );

    this.publish({
      bucketName: container.name,
      destination: pulumi.interpolate`azure://${container.name}`,
      accountUrl: pulumi.interpolate`https://${accountName}.blob.core.windows.net`,
      consoleUrl: pulumi.interpolate`https://portal.azure.com/#@/resource${account.id}/containersList`,
      keyId: key.keyUri,
      encryptionKeyReference: scope.name,
      identity: jobIdentity.clientId,
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': jobIdentity.clientId },
      podLabels: { 'azure.workload.identity/use': 'true' },
    });
  }
}
