import type { BackupConfig } from './config';
import { BackupEngine } from './engine';
import { createProvider } from './providers';

export function createBackupEngine(config: BackupConfig, triggeredBy: string): BackupEngine {
  return new BackupEngine(config, createProvider(config), triggeredBy);
}

export { BackupEngine } from './engine';
export { BackupError } from './errors';
