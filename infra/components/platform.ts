// The whole platform on a Kubernetes cluster: the chart objects as typed resources in the charts' unit order, plus
// the Secrets they reference, filled from generated credentials and kept secret in the Pulumi state.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { platformObjects, type MonitoringInputs } from '../charts';
import type { BackupStorage } from '../cloud/backup-storage';
import type { PlatformConfig } from '../config';
import { monitoringAssets } from '../monitoring-assets';
import { bindBackupStorage } from './backup-binding';
import { apiUrl, grafanaUrl, portForwardCommands } from './endpoints';
import { isCustomResource, kubeResource, kubeResourceName } from './kube-resource';
import { resolveOutputTokens } from './output-tokens';
import {
  credentialsFor,
  expectedSecretKeys,
  secretContents,
  type Credential,
  type Credentials,
} from './platform-secrets';

export interface PlatformArgs {
  /** The validated platform config (infra/config). */
  config: PlatformConfig;
  /** Where backups go; its key and identity are wired into the backup CronJob and ServiceAccount. */
  backup: Pick<BackupStorage, 'cloud' | 'encryptionKeyReference' | 'serviceAccountAnnotations' | 'podLabels'>;
  /**
   * Alert rules, dashboards and Alertmanager config for the monitoring unit.
   * @default monitoringAssets(config)
   */
  monitoring?: MonitoringInputs;
}

/** Generated lengths: long enough for brute force to be moot, alphanumeric so URLs need no escaping. */
const LENGTH: Partial<Record<Credential, number>> = { jwtSecret: 64, operatorToken: 48 };

export class Platform extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly apiUrl: pulumi.Output<string>;
  public readonly grafanaUrl: pulumi.Output<string | undefined>;
  public readonly portForwardCommands: pulumi.Output<Record<string, string>>;
  /** Secret name → its Kubernetes Secret. */
  public readonly secrets: Record<string, k8s.core.v1.Secret> = {};

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('brownie:components:Platform', name, {}, opts);
    const { config, outputs } = bindBackupStorage(args.config, args.backup);
    const units = platformObjects(config, args.monitoring ?? monitoringAssets(config));
    if (config.monitoring.mode !== 'operator' && units.some((u) => u.objects.some(isCustomResource))) {
      throw new Error('monitoring.mode: custom resources rendered outside operator mode');
    }

    // Each unit waits for the one before it (the await logic makes that "ready"): the namespace first, the database
    // before its pooler, migrations before the API.
    let previous: pulumi.Resource[] = [];
    let namespace: pulumi.Output<string> | undefined;
    for (const { unit, objects } of units) {
      const created = objects.map((m) =>
        kubeResource(kubeResourceName(unit, m), m, resolveOutputTokens(m, outputs) as Record<string, unknown>, {
          parent: this,
          dependsOn: previous,
        }),
      );
      if (unit === 'namespace') {
        namespace = (created[0] as k8s.core.v1.Namespace).metadata.name;
        created.push(...this.createSecrets(config, created));
      }
      if (created.length > 0) previous = created;
    }
    if (!namespace) throw new Error('namespace: the charts rendered no Namespace');

    this.namespace = namespace;
    this.apiUrl = pulumi.output(apiUrl(config));
    this.grafanaUrl = pulumi.output(grafanaUrl(config));
    this.portForwardCommands = pulumi.output(portForwardCommands(config));
    this.registerOutputs({
      namespace: this.namespace,
      apiUrl: this.apiUrl,
      grafanaUrl: this.grafanaUrl,
      portForwardCommands: this.portForwardCommands,
    });
  }

  private createSecrets(config: PlatformConfig, dependsOn: pulumi.Resource[]): k8s.core.v1.Secret[] {
    const generated = credentialsFor(config).map(
      (credential) =>
        [
          credential,
          new random.RandomPassword(
            `credential-${credential}`,
            { length: LENGTH[credential] ?? 32, special: false },
            { parent: this },
          ).result,
        ] as const,
    );
    const values = pulumi.all(Object.fromEntries(generated)) as pulumi.Output<Partial<Credentials>>;
    const secretNames = Object.keys(expectedSecretKeys(config));
    return secretNames.map((secretName) => {
      const secret = new k8s.core.v1.Secret(
        `secret-${secretName}`,
        {
          metadata: { name: secretName, namespace: config.namespace },
          type: 'Opaque',
          stringData: pulumi.secret(
            values.apply((v) => secretContents(config, v as Credentials)[secretName] as Record<string, string>),
          ),
        },
        { parent: this, dependsOn, additionalSecretOutputs: ['data', 'stringData'] },
      );
      this.secrets[secretName] = secret;
      return secret;
    });
  }
}
