// The one place the cloud is chosen: everything else sees a BackupStorage.
import type * as pulumi from '@pulumi/pulumi';
import { AwsBackupStorage, type AwsBackupStorageArgs } from './aws';
import { AzureBackupStorage, type AzureBackupStorageArgs } from './azure';
import type { BackupStorage } from './backup-storage';
import { GcpBackupStorage, type GcpBackupStorageArgs } from './gcp';

export * from './backup-storage';
export { lifecyclePlan, NONCURRENT_GRACE_DAYS, ABORT_INCOMPLETE_UPLOAD_DAYS } from './lifecycle';

export type BackupStorageArgs =
  | ({ cloud: 'aws' } & AwsBackupStorageArgs)
  | ({ cloud: 'gcp' } & GcpBackupStorageArgs)
  | ({ cloud: 'azure' } & AzureBackupStorageArgs);

export function createBackupStorage(
  name: string,
  args: BackupStorageArgs,
  opts?: pulumi.ComponentResourceOptions,
): BackupStorage {
  switch (args.cloud) {
    case 'aws':
      return new AwsBackupStorage(name, args, opts);
    case 'gcp':
      return new GcpBackupStorage(name, args, opts);
    case 'azure':
      return new AzureBackupStorage(name, args, opts);
  }
}
