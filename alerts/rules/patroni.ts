// The Patroni cluster as its members' own /metrics (Patroni 3.0) report it: roles, DCS contact, sync standby.
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import type { AlertRule } from '../rule';

const cluster = 'Patroni cluster {{ $labels.scope }} in namespace {{ $labels.namespace }}';
const member = 'Patroni member {{ $labels.pod }} of cluster {{ $labels.scope }} in namespace {{ $labels.namespace }}';

export function patroniRules(c: MonitoringConfig): AlertRule[] {
  const patroni = selector(c, SCRAPE_JOBS.patroni);
  const perCluster = 'by (namespace, scope)';
  const rules: AlertRule[] = [
    {
      alert: 'PatroniNoPrimary',
      severity: 'critical',
      for: c.for.down,
      expr: `sum ${perCluster} (patroni_primary${patroni}) == 0`,
      summary: 'The PostgreSQL cluster has no primary',
      description: `No member of ${cluster} is the leader: writes fail until a failover completes.`,
    },
    {
      alert: 'PatroniMultiplePrimaries',
      severity: 'critical',
      for: c.for.down,
      expr: `sum ${perCluster} (patroni_primary${patroni}) > 1`,
      summary: 'The PostgreSQL cluster has more than one primary',
      description: `Several members of ${cluster} report being the leader: split brain, writes may diverge.`,
    },
    {
      alert: 'PatroniDcsUnreachable',
      severity: 'critical',
      for: c.for.fast,
      expr: `time() - patroni_dcs_last_seen${patroni} > ${c.postgres.dcsStaleSeconds}`,
      summary: 'A Patroni member cannot reach its DCS',
      description: `${member} has not reached the DCS (the Kubernetes API) for more than ${c.postgres.dcsStaleSeconds}s; a leader in that state demotes itself.`,
    },
    {
      alert: 'PatroniPostgresNotRunning',
      severity: 'warning',
      for: c.for.normal,
      expr: `patroni_postgres_running${patroni} == 0`,
      summary: 'PostgreSQL is not running under Patroni',
      description: `${member} runs but its PostgreSQL does not.`,
    },
    {
      alert: 'PatroniClusterUnlocked',
      severity: 'critical',
      for: c.for.fast,
      expr: `max ${perCluster} (patroni_cluster_unlocked${patroni}) == 1`,
      summary: 'The Patroni leader lock is free',
      description: `Nobody holds the leader lock of ${cluster}.`,
    },
    {
      alert: 'PatroniReplayPaused',
      severity: 'warning',
      for: c.for.slow,
      expr: `patroni_xlog_paused${patroni} == 1`,
      summary: 'WAL replay is paused on a replica',
      description: `${member} has WAL replay paused (pg_wal_replay_pause); it falls further behind.`,
    },
    {
      alert: 'PatroniFailover',
      severity: 'info',
      for: '0m',
      expr: `max ${perCluster} (changes(patroni_postgres_timeline${patroni}[15m])) > 0`,
      summary: 'The PostgreSQL timeline changed',
      description: `${cluster} switched to a new timeline in the last 15 minutes: a failover or switchover happened.`,
    },
    {
      alert: 'PatroniPendingRestart',
      severity: 'info',
      for: c.for.slow,
      expr: `patroni_pending_restart${patroni} == 1`,
      summary: 'A PostgreSQL member needs a restart',
      description: `${member} has parameter changes that only take effect after a restart.`,
    },
    {
      alert: 'PatroniMaintenanceMode',
      severity: 'warning',
      for: c.for.slow,
      expr: `max ${perCluster} (patroni_is_paused${patroni}) == 1`,
      summary: 'Automatic failover is paused',
      description: `${cluster} is in maintenance mode: no failover happens if the primary fails.`,
    },
  ];
  if (c.postgres.synchronousMode) {
    rules.push({
      alert: 'PatroniSyncStandbyMissing',
      severity: 'warning',
      for: c.for.normal,
      expr: `sum ${perCluster} (patroni_sync_standby${patroni}) == 0`,
      summary: 'No synchronous standby',
      description: `${cluster} runs in synchronous mode without a synchronous standby: commits are not protected against losing the primary (or block, in strict mode).`,
    });
  }
  return rules;
}
