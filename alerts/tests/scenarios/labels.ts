// The labels a scraped target carries in the platform (job, namespace and pod come from the scrape config).
import { defaultMonitoringConfig } from '../../config';
import { SCRAPE_JOBS, type ScrapeJob } from '../../jobs';

export const NAMESPACE = defaultMonitoringConfig.namespace;

export const targetLabels = (job: ScrapeJob, pod: string, instance: string) => ({
  job,
  namespace: NAMESPACE,
  pod,
  instance,
});

export const API = targetLabels(SCRAPE_JOBS.api, 'brownie-api-0', '10.0.0.10:8000');
export const API_2 = targetLabels(SCRAPE_JOBS.api, 'brownie-api-1', '10.0.0.11:8000');
export const PG = {
  ...targetLabels(SCRAPE_JOBS.postgresExporter, 'brownie-postgres-0', '10.0.0.20:9187'),
  server: 'localhost:5432',
};
export const PATRONI = {
  ...targetLabels(SCRAPE_JOBS.patroni, 'brownie-postgres-0', '10.0.0.20:8008'),
  scope: 'brownie-postgres',
};
export const PATRONI_2 = {
  ...targetLabels(SCRAPE_JOBS.patroni, 'brownie-postgres-1', '10.0.0.21:8008'),
  scope: 'brownie-postgres',
};
export const PGBOUNCER = targetLabels(SCRAPE_JOBS.pgbouncerExporter, 'brownie-pgbouncer-0', '10.0.0.30:9127');
export const REDIS = targetLabels(SCRAPE_JOBS.redisExporter, 'brownie-redis-0', '10.0.0.40:9121');
export const PROMETHEUS = targetLabels(SCRAPE_JOBS.prometheus, 'brownie-prometheus-0', 'localhost:9090');
export const ALERTMANAGER = targetLabels(SCRAPE_JOBS.alertmanager, 'brownie-alertmanager-0', '10.0.0.50:9093');

/** The labels left after `sum by (namespace, job)`. */
export const jobOf = (t: { job: string; namespace: string }) => ({ job: t.job, namespace: t.namespace });
