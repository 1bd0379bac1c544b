// What the stack creates, from the raw config values: validated settings → backup storage on the chosen cloud → the
// platform on the cluster. stacks/index.ts reads the config and hands the values over; tests call this directly.
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { createBackupStorage, type BackupStorage } from '../infra/cloud';
import { Platform } from '../infra/components/platform';
import { parseStackSettings } from './settings';

export interface StackOutputs {
  cloud: string;
  namespace: pulumi.Output<string>;
  apiUrl: pulumi.Output<string>;
  grafanaUrl: pulumi.Output<string | undefined>;
  portForward: pulumi.Output<Record<string, string>>;
  bucketName: pulumi.Output<string>;
  bucketUrl: pulumi.Output<string>;
  bucketConsoleUrl: pulumi.Output<string>;
  kmsKeyId: pulumi.Output<string>;
  backupIdentity: pulumi.Output<string>;
}

export interface DeployedStack {
  outputs: StackOutputs;
  storage: BackupStorage;
  platform: Platform;
}

export function deployStack(raw: Record<string, string | undefined>): DeployedStack {
  const settings = parseStackSettings(raw);
  const storage = createBackupStorage('backup', settings.storage);
  const cluster = new k8s.Provider('cluster', settings.kubernetes);
  const platform = new Platform('platform', { config: settings.platform, backup: storage }, { providers: [cluster] });
  const outputs: StackOutputs = {
    cloud: settings.cloud,
    namespace: platform.namespace,
    apiUrl: platform.apiUrl,
    grafanaUrl: platform.grafanaUrl,
    portForward: platform.portForwardCommands,
    bucketName: storage.bucketName,
    bucketUrl: storage.destination,
    bucketConsoleUrl: storage.consoleUrl,
    kmsKeyId: storage.keyId,
    backupIdentity: storage.identity,
  };
  return { outputs, storage, platform };
}
