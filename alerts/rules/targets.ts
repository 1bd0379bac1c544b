// Per scrape job: a target that stops answering, and a job that vanished altogether (absent() catches the
// original's failure mode, where rules queried series nothing produced and so stayed silent forever).
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS, type ScrapeJob } from '../jobs';
import type { AlertRule } from '../rule';

/** The `<Component>` part of each job's alert names. */
export const JOB_COMPONENTS: Record<ScrapeJob, string> = {
  [SCRAPE_JOBS.api]: 'BrownieApi',
  [SCRAPE_JOBS.postgresExporter]: 'PostgresExporter',
  [SCRAPE_JOBS.pgbouncerExporter]: 'PgbouncerExporter',
  [SCRAPE_JOBS.patroni]: 'Patroni',
  [SCRAPE_JOBS.redisExporter]: 'RedisExporter',
  [SCRAPE_JOBS.alertmanager]: 'Alertmanager',
  [SCRAPE_JOBS.prometheus]: 'Prometheus',
};

export function targetRules(c: MonitoringConfig): AlertRule[] {
  return c.expectedJobs.flatMap((job): AlertRule[] => [
    {
      alert: `${JOB_COMPONENTS[job]}TargetDown`,
      severity: 'warning',
      for: c.for.normal,
      expr: `up${selector(c, job)} == 0`,
      summary: `A ${job} target is down`,
      description: `Prometheus cannot scrape {{ $labels.instance }} (pod {{ $labels.pod }}) of job ${job} in namespace {{ $labels.namespace }}.`,
    },
    {
      alert: `${JOB_COMPONENTS[job]}TargetMissing`,
      severity: 'warning',
      for: c.for.absent,
      expr: `absent(up${selector(c, job)})`,
      summary: `Prometheus has no ${job} target`,
      description: `Prometheus discovers no target of job ${job} in namespace {{ $labels.namespace }}: every alert on it is blind.`,
    },
  ]);
}
