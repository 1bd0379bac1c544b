// Backups and disaster recovery: freshness, size and duration of backups, failures, and restore drills.
import { METRICS } from '../app/src/metric-catalog';
import { defaultMonitoringConfig } from '../alerts/config';
import { SCRAPE_JOBS } from '../alerts/jobs';
import { sel, type DashboardSpec } from './panels';

const api = (...extra: string[]) => sel(SCRAPE_JOBS.api, ...extra);
const { backup } = defaultMonitoringConfig;
const age = (metric: string) => `time() - max(${metric}${api()})`;

export const backupsDashboard: DashboardSpec = {
  uid: 'brownie-backups',
  title: 'Brownie / Backups & DR',
  description:
    'Last successful backup, its size and duration, failed runs, and the restore drills that prove backups restore.',
  tags: ['backups'],
  rows: [
    {
      title: 'Backups',
      panels: [
        {
          kind: 'stat',
          title: 'Since last backup',
          description: 'Time since the last successful backup (alerting after the schedule plus grace).',
          unit: 's',
          queries: [{ expr: age(METRICS.backupLastSuccess.name) }],
          thresholds: [backup.intervalSeconds, backup.intervalSeconds + backup.graceSeconds],
        },
        {
          kind: 'stat',
          title: 'Last backup size',
          description: 'Size of the last successful backup object (compressed and encrypted).',
          unit: 'bytes',
          queries: [{ expr: `max(${METRICS.backupSize.name}${api()})` }],
        },
        {
          kind: 'stat',
          title: 'Last backup duration',
          description: 'Duration of the last backup run.',
          unit: 's',
          queries: [{ expr: `max(${METRICS.backupDuration.name}${api()})` }],
        },
        {
          kind: 'timeseries',
          title: 'Backup runs per day',
          description: 'Backup runs in the trailing day, by result.',
          unit: 'short',
          queries: [{ expr: `max by (result) (increase(${METRICS.backups.name}${api()}[1d]))`, legend: '{{result}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Failures per day by kind',
          description: 'Failed backup, restore, drill and cleanup runs in the trailing day.',
          unit: 'short',
          queries: [{ expr: `max by (kind) (increase(${METRICS.backupErrors.name}${api()}[1d]))`, legend: '{{kind}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Backup size',
          description: 'Size of the last successful backup over time: growth and sudden drops (a partial dump).',
          unit: 'bytes',
          queries: [{ expr: `max(${METRICS.backupSize.name}${api()})`, legend: 'size' }],
        },
      ],
    },
    {
      title: 'Restore drills',
      panels: [
        {
          kind: 'stat',
          title: 'Since last drill',
          description: 'Time since the last successful restore drill (alerting after a week plus a day).',
          unit: 's',
          queries: [{ expr: age(METRICS.restoreDrillLastSuccess.name) }],
          thresholds: [backup.drillIntervalSeconds, backup.drillIntervalSeconds + backup.drillGraceSeconds],
        },
        {
          kind: 'stat',
          title: 'Drill status',
          description: 'Yes while the last successful drill is within its schedule plus grace.',
          unit: 'bool_yes_no',
          queries: [
            {
              expr: `${age(METRICS.restoreDrillLastSuccess.name)} < bool ${backup.drillIntervalSeconds + backup.drillGraceSeconds}`,
            },
          ],
          thresholds: [0.5, 1],
          lowerIsWorse: true,
        },
        {
          kind: 'timeseries',
          title: 'Drill failures per day',
          description: 'Failed restore drills in the trailing day.',
          unit: 'short',
          queries: [
            { expr: `max(increase(${METRICS.backupErrors.name}${api('kind="drill"')}[1d]))`, legend: 'failed' },
          ],
        },
      ],
    },
  ],
};
