import { METRICS } from '../../../app/src/metric-catalog';
import { defaultMonitoringConfig } from '../../config';
import { target, type Scenario } from '../scenario';
import { API, NAMESPACE } from './labels';

const api = target(API);
const ns = { namespace: NAMESPACE };
const { backup } = defaultMonitoringConfig;
/** A last-success timestamp that turns stale one minute after the start (time() is 0 at the start of a test). */
const staleAfterOneMinute = (limit: number) => `${60 - limit}x40`;
/** A job that succeeds every minute. */
const fresh = '0+60x40';
const errors = (kind: string, values: string) => api(METRICS.backupErrors.name, values, { kind });

export const backupScenarios: Scenario[] = [
  {
    alert: 'BackupStale',
    severity: 'critical',
    firing: [api(METRICS.backupLastSuccess.name, staleAfterOneMinute(backup.intervalSeconds + backup.graceSeconds))],
    trueFrom: '2m',
    labels: ns,
    quiet: [api(METRICS.backupLastSuccess.name, fresh)],
  },
  {
    alert: 'BackupFailed',
    severity: 'warning',
    firing: [errors('backup', '0x10 1x30')],
    trueFrom: '11m',
    labels: ns,
    // A failed drill is not a failed backup.
    quiet: [errors('backup', '0x40'), errors('drill', '0x10 1x30')],
  },
  {
    alert: 'RestoreDrillStale',
    severity: 'warning',
    firing: [
      api(
        METRICS.restoreDrillLastSuccess.name,
        staleAfterOneMinute(backup.drillIntervalSeconds + backup.drillGraceSeconds),
      ),
    ],
    trueFrom: '2m',
    labels: ns,
    quiet: [api(METRICS.restoreDrillLastSuccess.name, fresh)],
  },
  {
    alert: 'RestoreDrillFailed',
    severity: 'warning',
    firing: [errors('drill', '0x10 1x30')],
    trueFrom: '11m',
    labels: ns,
    quiet: [errors('drill', '0x40'), errors('backup', '0x10 1x30')],
  },
];
