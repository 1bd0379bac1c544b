import type { BackupConfig } from '../config';
import { AzureProvider } from './azure';
import { GcsProvider } from './gcs';
import { LocalProvider } from './local';
import type { BackupProvider } from './provider';
import { S3Provider } from './s3';

/** The one switch that picks a provider from the validated configuration. */
export function createProvider(config: BackupConfig): BackupProvider {
  switch (config.BACKUP_PROVIDER) {
    case 'local':
      return new LocalProvider(config.BACKUP_DESTINATION);
    case 's3':
      return new S3Provider(config);
    case 'gcs':
      return new GcsProvider(config);
    case 'azure':
      return new AzureProvider(config);
  }
}
