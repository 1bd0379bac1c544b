// The backup CronJob and the restore-drill CronJob: both run the API image's backup CLI. The backup reads from a
// replica; the drill restores the latest dump into a scratch database and reports what it found as metrics.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { labels, names, SECRET_KEYS, type Component, type PlatformConfig } from '../config';
import { apiImageContainer } from './api-container';
import { addObject } from './objects';
import { emptyDir, metadata, plainEnv, podSecurityContext, resources, RUN_AS, secretEnv } from './pod';

export const BACKUP_CLI = ['node', 'dist/app/src/cli/backup.js'] as const;
const [databaseUrlKey, drillDatabaseUrlKey] = SECRET_KEYS.backup;

export class BackupChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const n = names(c);
    // The backup ServiceAccount is where the cloud's workload identity binds (annotations added by the Pulumi stack).
    addObject<IServiceAccount>(this, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: metadata(n.backup, labels(c, 'backup')),
    });
    const common = plainEnv({
      BACKUP_PROVIDER: c.backup.provider,
      BACKUP_BUCKET: c.backup.bucket,
      BACKUP_RETENTION_DAYS: String(c.backup.retentionDays),
      BACKUP_AGE_RECIPIENTS: c.backup.recipients.join(','),
    });
    this.cronJob(c, 'backup', n.backup, c.backup.schedule, 'backup', [
      ...common,
      secretEnv('DATABASE_URL', n.secrets.backup, databaseUrlKey),
    ]);
    this.cronJob(c, 'restore-drill', n.restoreDrill, c.backup.drillSchedule, 'drill', [
      ...common,
      secretEnv('DATABASE_URL', n.secrets.backup, drillDatabaseUrlKey),
    ]);
  }

  private cronJob(
    c: PlatformConfig,
    component: Component,
    name: string,
    schedule: string,
    subcommand: string,
    env: ReturnType<typeof plainEnv>,
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
              metadata: { labels: objectLabels },
              spec: {
                restartPolicy: 'Never',
                serviceAccountName: names(c).backup,
                securityContext: podSecurityContext(RUN_AS.api),
                containers: [
                  {
                    ...apiImageContainer(c, component),
                    command: [...BACKUP_CLI, subcommand],
                    env,
                    resources: resources(c.backup.resources),
                  },
                ],
                volumes: [emptyDir('tmp')],
              },
            },
          },
        },
      },
    });
  }
}
