// Backups and restore drills, from the metrics the API exports out of the recorded runs (every pod reports the
// same values, hence max across pods).
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import { METRICS } from '../../app/src/metric-catalog';
import type { AlertRule } from '../rule';

const ns = 'namespace {{ $labels.namespace }}';

export function backupRules(c: MonitoringConfig): AlertRule[] {
  const api = (...extra: string[]) => selector(c, SCRAPE_JOBS.api, ...extra);
  const staleAfter = (interval: number, grace: number) => interval + grace;
  const failed = (kind: string) =>
    `max by (namespace) (increase(${METRICS.backupErrors.name}${api(`kind="${kind}"`)}[1h])) > 0`;
  const backupLimit = staleAfter(c.backup.intervalSeconds, c.backup.graceSeconds);
  const drillLimit = staleAfter(c.backup.drillIntervalSeconds, c.backup.drillGraceSeconds);
  return [
    {
      alert: 'BackupStale',
      severity: 'critical',
      for: c.for.normal,
      expr: `time() - max by (namespace) (${METRICS.backupLastSuccess.name}${api()}) > ${backupLimit}`,
      summary: 'No recent successful backup',
      description: `The last successful backup in ${ns} is older than ${backupLimit}s (schedule plus grace), or there has never been one.`,
    },
    {
      alert: 'BackupFailed',
      severity: 'warning',
      for: '0m',
      expr: failed('backup'),
      summary: 'A backup run failed',
      description: `A backup run in ${ns} failed within the last hour.`,
    },
    {
      alert: 'RestoreDrillStale',
      severity: 'warning',
      for: c.for.normal,
      expr: `time() - max by (namespace) (${METRICS.restoreDrillLastSuccess.name}${api()}) > ${drillLimit}`,
      summary: 'No recent successful restore drill',
      description: `The last successful restore drill in ${ns} is older than ${drillLimit}s: nobody knows whether the backups restore.`,
    },
    {
      alert: 'RestoreDrillFailed',
      severity: 'warning',
      for: '0m',
      expr: failed('drill'),
      summary: 'A restore drill failed',
      description: `A restore drill in ${ns} failed within the last hour: the latest backup may not restore.`,
    },
  ];
}
