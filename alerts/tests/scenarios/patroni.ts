import { target, type Scenario } from '../scenario';
import { PATRONI, PATRONI_2 } from './labels';

const m0 = target(PATRONI);
const m1 = target(PATRONI_2);
const cluster = { namespace: PATRONI.namespace, scope: PATRONI.scope };
/** The same gauge on both members. */
const both = (metric: string, first: string, second: string) => [m0(metric, first), m1(metric, second)];

export const patroniScenarios: Scenario[] = [
  {
    alert: 'PatroniNoPrimary',
    severity: 'critical',
    firing: both('patroni_primary', '0x30', '0x30'),
    labels: cluster,
    quiet: both('patroni_primary', '1x30', '0x30'),
  },
  {
    alert: 'PatroniMultiplePrimaries',
    severity: 'critical',
    firing: both('patroni_primary', '1x30', '1x30'),
    labels: cluster,
    quiet: both('patroni_primary', '0x30', '1x30'),
  },
  {
    alert: 'PatroniDcsUnreachable',
    severity: 'critical',
    firing: [m0('patroni_dcs_last_seen', '0x30')], // last contact at the start: stale after 60 s
    trueFrom: '2m',
    labels: PATRONI,
    quiet: [m0('patroni_dcs_last_seen', '0+60x30')],
  },
  {
    alert: 'PatroniPostgresNotRunning',
    severity: 'warning',
    firing: [m0('patroni_postgres_running', '0x30')],
    labels: PATRONI,
    quiet: [m0('patroni_postgres_running', '1x30')],
  },
  {
    alert: 'PatroniClusterUnlocked',
    severity: 'critical',
    firing: both('patroni_cluster_unlocked', '1x30', '1x30'),
    labels: cluster,
    quiet: both('patroni_cluster_unlocked', '0x30', '0x30'),
  },
  {
    alert: 'PatroniReplayPaused',
    severity: 'warning',
    firing: [m1('patroni_xlog_paused', '1x40')],
    labels: PATRONI_2,
    quiet: [m1('patroni_xlog_paused', '0x40')],
  },
  {
    alert: 'PatroniFailover',
    severity: 'info',
    firing: both('patroni_postgres_timeline', '1x10 2x30', '1x10 2x30'),
    trueFrom: '11m',
    labels: cluster,
    quiet: both('patroni_postgres_timeline', '2x40', '2x40'),
  },
  {
    alert: 'PatroniPendingRestart',
    severity: 'info',
    firing: [m0('patroni_pending_restart', '1x40')],
    labels: PATRONI,
    quiet: [m0('patroni_pending_restart', '0x40')],
  },
  {
    alert: 'PatroniMaintenanceMode',
    severity: 'warning',
    firing: both('patroni_is_paused', '1x40', '1x40'),
    labels: cluster,
    quiet: both('patroni_is_paused', '0x40', '0x40'),
  },
  {
    alert: 'PatroniSyncStandbyMissing',
    severity: 'warning',
    firing: both('patroni_sync_standby', '0x30', '0x30'),
    labels: cluster,
    quiet: both('patroni_sync_standby', '0x30', '1x30'),
  },
];
