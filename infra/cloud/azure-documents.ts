// Names, built-in role ids and the lifecycle policy of the Azure backup storage, as plain functions.
import type { LifecyclePlan } from './lifecycle';
import { derivedName } from './identity-names';

/** Built-in role definition ids (the same in every tenant). */
export const AZURE_ROLES = {
  /** Read, write, list and delete blobs: what the backup job does. */
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  /** Wrap and unwrap with a key: what the storage account needs for its customer-managed key. */
  keyVaultCryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  /** Create and manage keys: what the deploying principal needs on an RBAC vault to create the key. */
  keyVaultCryptoOfficer: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
} as const;

export const roleDefinitionId = (subscriptionId: string, role: string): string =>
  `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;

/** Storage account names: 3–24 lowercase letters and digits, unique in Azure. */
export const storageAccountName = (bucket: string): string => derivedName(bucket, 'sa', 24, true);
/** Key Vault names: 3–24 letters, digits and dashes, unique in Azure. */
export const keyVaultName = (bucket: string): string => derivedName(bucket, 'kv', 24);

/** The audience Azure AD expects on federated Kubernetes tokens. */
export const AZURE_TOKEN_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * The storage account's management policy: blobs of the container are deleted at the retention, their previous
 * versions after the grace. Azure has no multipart uploads: uncommitted blocks are dropped by the service itself.
 */
export function azureLifecycleRules(plan: LifecyclePlan, container: string) {
  return [
    {
      name: 'expire-backups',
      enabled: true,
      type: 'Lifecycle',
      definition: {
        filters: { blobTypes: ['blockBlob'], prefixMatch: [`${container}/`] },
        actions: {
          baseBlob: { delete: { daysAfterModificationGreaterThan: plan.expireCurrentAfterDays } },
          version: { delete: { daysAfterCreationGreaterThan: plan.expireNoncurrentAfterDays } },
        },
      },
    },
  ];
}
