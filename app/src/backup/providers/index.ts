import type { BackupConfig } from '../config';
import { LocalProvider } from './local';
import type { BackupProvider } from './provider';

/** The one switch that picks a provider from the validated configuration. */
export function createProvider(config: BackupConfig): BackupProvider {
  switch (config.BACKUP_PROVIDER) {
    case 'local':
      return new LocalProvider(config.BACKUP_DESTINATION);
    default:
      throw new Error(`BACKUP_PROVIDER: ${config.BACKUP_PROVIDER} is not available in this build yet`);
  }
}
