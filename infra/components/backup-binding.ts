// Puts a cloud's backup storage into the platform config: the fields the backup chart renders into the CronJob's env
// and the ServiceAccount's annotations. Same chart code for every cloud; only these values differ.
import type * as pulumi from '@pulumi/pulumi';
import type { BackupStorage } from '../cloud/backup-storage';
import { BACKUP_PROVIDER } from '../cloud/backup-storage';
import type { PlatformConfig } from '../config';
import { outputToken } from './output-tokens';

export interface BackupBinding {
  config: PlatformConfig;
  outputs: Record<string, pulumi.Output<string>>;
}

type StorageFields = Pick<
  BackupStorage,
  'cloud' | 'encryptionKeyReference' | 'serviceAccountAnnotations' | 'podLabels'
>;

export function bindBackupStorage(config: PlatformConfig, storage: StorageFields): BackupBinding {
  const provider = BACKUP_PROVIDER[storage.cloud];
  if (config.backup.provider !== provider) {
    throw new Error(
      `backup.provider: "${config.backup.provider}" does not match the ${storage.cloud} storage ("${provider}")`,
    );
  }
  const outputs: Record<string, pulumi.Output<string>> = { 'backup.encryptionKey': storage.encryptionKeyReference };
  const annotations: Record<string, string> = {};
  for (const [name, value] of Object.entries(storage.serviceAccountAnnotations)) {
    outputs[`annotation.${name}`] = value;
    annotations[name] = outputToken(`annotation.${name}`);
  }
  return {
    outputs,
    config: {
      ...config,
      backup: {
        ...config.backup,
        encryptionKey: outputToken('backup.encryptionKey'),
        workloadIdentity: {
          serviceAccountAnnotations: { ...config.backup.workloadIdentity.serviceAccountAnnotations, ...annotations },
          podLabels: { ...config.backup.workloadIdentity.podLabels, ...storage.podLabels },
        },
      },
    },
  };
}
