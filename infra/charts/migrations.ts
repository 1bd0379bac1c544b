// The migrations Job: the API image's migration CLI against the primary directly (session advisory lock: never
// through PgBouncer in transaction mode). Named after the image tag, since a Job's pod template cannot change: each
// release gets its own Job.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { labels, names, type PlatformConfig } from '../config';
import { apiImageContainer, migrationsEnv } from './api-container';
import { addObject } from './objects';
import { emptyDir, metadata, podSecurityContext, resources, RUN_AS } from './pod';

export const MIGRATIONS_COMMAND = ['node', 'dist/migrations/cli.js', 'up'];

export const migrationsJobName = (c: PlatformConfig): string =>
  `${names(c).migrations}-${c.images.api.tag.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`
    .slice(0, 63)
    .replace(/-+$/, '');

export class MigrationsChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const objectLabels = labels(c, 'migrations', c.images.api.tag);
    addObject<IJob>(this, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata(migrationsJobName(c), objectLabels, {
        // Argo CD runs it before the new API version rolls out.
        annotations: { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/sync-wave': '-1' },
      }),
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: 1800,
        ttlSecondsAfterFinished: 86_400,
        template: {
          metadata: { labels: objectLabels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(RUN_AS.api),
            containers: [
              {
                ...apiImageContainer(c, 'migrations'),
                // args, not command: the image's tini entrypoint stays PID 1.
                args: MIGRATIONS_COMMAND,
                env: migrationsEnv(c),
                resources: resources(c.api.resources),
              },
            ],
            volumes: [emptyDir('tmp')],
          },
        },
      },
    });
  }
}
