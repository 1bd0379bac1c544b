// The one monitoring config: every selector, threshold and `for:` duration of the alert rules comes from here, so a
// platform tunes its alerts without touching the rule expressions (the kubernetes-mixin convention).
import { SCRAPE_JOBS, type ScrapeJob } from './jobs';

export interface MonitoringConfig {
  /** Namespace the platform runs in; every selector pins it, so absent() alerts carry it too. */
  namespace: string;
  /** Runbook URL of an alert: `{anchor}` is replaced by the alert's anchor in docs/runbooks.md. */
  runbookUrlPattern: string;
  /** Static labels added to every alert (e.g. team). */
  commonLabels: Readonly<Record<string, string>>;
  /** Jobs that must be scraped: each gets a TargetDown and a TargetMissing alert. In operator mode Prometheus and
   * Alertmanager belong to the existing stack and scrape under their own job names: leave them out there. */
  expectedJobs: readonly ScrapeJob[];
  api: {
    errorRatio: { warning: number; critical: number };
    latencyP95Seconds: { warning: number; critical: number };
    /** Availability objective: share of requests answered without a 5xx over `slaWindow`. */
    slaTarget: number;
    slaWindow: string;
    /** A spike is the 5m rate above `anomalyFactor` × the previous hour's rate and above `anomalyMinRps`. */
    anomalyFactor: number;
    anomalyMinRps: number;
    maxRps: number;
    rateLimitedRps: number;
    cpuCores: number;
    memoryBytes: number;
    eventLoopLagSeconds: number;
    slowQueryP95Seconds: number;
    dbErrorRatio: number;
  };
  business: {
    incidentsPerHour: { warning: number; critical: number };
    resolutionP95Minutes: number;
    activeIncidents: number;
    newUsersPerHour: number;
  };
  postgres: {
    connectionsRatio: { warning: number; critical: number };
    /** Wraparound happens at 2^31 transactions; autovacuum should keep the age far below. */
    xidAge: { warning: number; critical: number };
    replicationLagSeconds: { warning: number; critical: number };
    longTransactionSeconds: number;
    /** Size of the data volume (PVC) the databases and WAL live on. */
    dataVolumeBytes: number;
    dataVolumeFullRatio: number;
    /** Whether Patroni runs in synchronous mode (then a missing sync standby alerts). */
    synchronousMode: boolean;
    dcsStaleSeconds: number;
  };
  pgbouncer: { poolSaturationRatio: number; clientConnectionsRatio: number; maxWaitSeconds: number };
  redis: { memoryRatio: number };
  backup: {
    /** Interval of the backup schedule plus the grace after which the last success is stale. */
    intervalSeconds: number;
    graceSeconds: number;
    drillIntervalSeconds: number;
    drillGraceSeconds: number;
  };
  /** `for:` durations by kind of signal. */
  for: {
    down: string;
    absent: string;
    fast: string;
    normal: string;
    slow: string;
  };
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const defaultMonitoringConfig: MonitoringConfig = {
  namespace: 'brownie',
  runbookUrlPattern: 'https://github.com/brownie-ai/brownie-metadata-platform/blob/main/docs/runbooks.md#{anchor}',
  commonLabels: { service: 'brownie-metadata' },
  expectedJobs: Object.values(SCRAPE_JOBS),
  api: {
    errorRatio: { warning: 0.05, critical: 0.1 },
    latencyP95Seconds: { warning: 2, critical: 5 },
    slaTarget: 0.995,
    slaWindow: '1h',
    anomalyFactor: 3,
    anomalyMinRps: 5,
    maxRps: 500,
    rateLimitedRps: 1,
    cpuCores: 0.8,
    memoryBytes: 1024 ** 3,
    eventLoopLagSeconds: 0.5,
    slowQueryP95Seconds: 1,
    dbErrorRatio: 0.01,
  },
  business: {
    incidentsPerHour: { warning: 10, critical: 50 },
    resolutionP95Minutes: 60,
    activeIncidents: 20,
    newUsersPerHour: 1000,
  },
  postgres: {
    connectionsRatio: { warning: 0.8, critical: 0.95 },
    xidAge: { warning: 1_000_000_000, critical: 1_500_000_000 },
    replicationLagSeconds: { warning: 30, critical: 300 },
    longTransactionSeconds: HOUR,
    dataVolumeBytes: 10 * 1024 ** 3,
    dataVolumeFullRatio: 0.9,
    synchronousMode: true,
    dcsStaleSeconds: 60,
  },
  pgbouncer: { poolSaturationRatio: 0.9, clientConnectionsRatio: 0.8, maxWaitSeconds: 5 },
  redis: { memoryRatio: 0.9 },
  backup: { intervalSeconds: DAY, graceSeconds: 2 * HOUR, drillIntervalSeconds: 7 * DAY, drillGraceSeconds: DAY },
  for: { down: '1m', absent: '5m', fast: '2m', normal: '5m', slow: '15m' },
};

/** `{job="…",namespace="…"}` plus extra matchers: the selector every rule on a job starts from. */
export function selector(config: MonitoringConfig, job: ScrapeJob, ...extra: string[]): string {
  return `{${[`job="${job}"`, `namespace="${config.namespace}"`, ...extra].join(',')}}`;
}
