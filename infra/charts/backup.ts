// The backup CronJob and the restore-drill CronJob: both run the API image's backup CLI. The backup reads from a
// replica; the drill restores the latest dump into a scratch database and reports what it found as metrics.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { labels, names, SECRET_KEYS, type Component, type PlatformConfig } from '../config';
import { apiImageContainer } from './api-container';
import { addObject } from './objects';
import { annotations, emptyDir, metadata, plainEnv, podSecurityContext, resources, RUN_AS, secretEnv } from './pod';

export const BACKUP_CLI = ['node', 'dist/app/src/cli/backup.js'] as const;
const [databaseUrlKey, sourceUrlKey, ageIdentityKey] = SECRET_KEYS.backup;
const AGE_IDENTITY_DIR = '/etc/backup-identity';
const DESTINATION_SCHEME = { s3: 's3', gcs: 'gs', azure: 'azure' } as const;

/** The backup CLI's provider variables (app/src/config.ts names) for the configured cloud. */
function providerSettings(c: PlatformConfig): Record<string, string> {
  const { provider, region, encryptionKey, azureAccountUrl } = c.backup;
  const set = (entries: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
  switch (provider) {
    case 's3':
      return set({ BACKUP_S3_REGION: region, BACKUP_KMS_KEY_ID: encryptionKey });
    case 'gcs':
      return set({ BACKUP_GCS_KMS_KEY_NAME: encryptionKey });
    case 'azure':
      return set({ BACKUP_AZURE_ACCOUNT_URL: azureAccountUrl, BACKUP_AZURE_ENCRYPTION_SCOPE: encryptionKey });
  }
}

export class BackupChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const n = names(c);
    // The backup ServiceAccount is where the cloud's workload identity binds (annotations added by the Pulumi stack).
    addObject<IServiceAccount>(this, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: metadata(
        n.backup,
        labels(c, 'backup'),
        annotations(c.backup.workloadIdentity.serviceAccountAnnotations),
      ),
    });
    const env = [
      ...plainEnv(providerSettings(c)),
      ...plainEnv({
        BACKUP_PROVIDER: c.backup.provider,
        BACKUP_DESTINATION: `${DESTINATION_SCHEME[c.backup.provider]}://${c.backup.bucket}`,
        BACKUP_RETENTION_DAYS: String(c.backup.retentionDays),
        BACKUP_AGE_RECIPIENTS: c.backup.recipients.join(','),
        BACKUP_TMP_DIR: '/tmp',
        BACKUP_AGE_IDENTITY_FILE: `${AGE_IDENTITY_DIR}/${ageIdentityKey}`,
      }),
      secretEnv('BACKUP_DATABASE_URL', n.secrets.backup, databaseUrlKey),
      secretEnv('BACKUP_SOURCE_URL', n.secrets.backup, sourceUrlKey),
    ];
    this.cronJob(c, 'backup', n.backup, c.backup.schedule, 'backup', env);
    this.cronJob(c, 'restore-drill', n.restoreDrill, c.backup.drillSchedule, 'drill', env);
  }

  private cronJob(
    c: PlatformConfig,
    component: Component,
    name: string,
    schedule: string,
    subcommand: string,
    env: IEnvVar[],
  ): void {
    const objectLabels = labels(c, component, c.images.api.tag);
    addObject<ICronJob>(this, {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: metadata(name, objectLabels),
      spec: {
        schedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: objectLabels },
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 3 * 3600,
            template: {
              metadata: { labels: { ...objectLabels, ...c.backup.workloadIdentity.podLabels } },
              spec: {
                restartPolicy: 'Never',
                serviceAccountName: names(c).backup,
                securityContext: podSecurityContext(RUN_AS.api),
                containers: [
                  {
                    ...apiImageContainer(c, component),
                    args: [...BACKUP_CLI, subcommand],
                    env,
                    resources: resources(c.backup.resources),
                    volumeMounts: [
                      { name: 'tmp', mountPath: '/tmp' },
                      { name: 'age-identity', mountPath: AGE_IDENTITY_DIR, readOnly: true },
                    ],
                  },
                ],
                // The identity decrypts dumps (verify, drill); optional so backups run before it is provisioned.
                volumes: [
                  emptyDir('tmp'),
                  {
                    name: 'age-identity',
                    secret: {
                      secretName: names(c).secrets.backup,
                      optional: true,
                      items: [{ key: ageIdentityKey, path: ageIdentityKey }],
                      defaultMode: 0o400,
                    },
                  },
                ],
              },
            },
          },
        },
      },
    });
  }
}
