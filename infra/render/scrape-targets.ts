// What Prometheus scrapes, in one list: the bundled prometheus.yml, the operator's PodMonitors and the
// NetworkPolicies that let the scrapes through all come from it.
import { SCRAPE_JOBS } from '../../alerts/jobs';
import type { Component, PlatformConfig } from '../config';
import { names, PORTS } from '../config';

export interface ScrapeTarget {
  job: string;
  /** Value of app.kubernetes.io/name on the pods to scrape. */
  app: Component;
  /** Headless Service whose per-pod SRV records list the targets. */
  service: string;
  /** Name of the container port to scrape (also the SRV record's port name). */
  port: string;
  portNumber: number;
  path: string;
}

export const METRICS_PORT_NAME = 'metrics';

export function scrapeTargets(c: PlatformConfig): ScrapeTarget[] {
  const n = names(c);
  const patroni = n.headless(n.cluster);
  const http = (job: string, app: Component, service: string, port: string, portNumber: number): ScrapeTarget => ({
    job,
    app,
    service,
    port,
    portNumber,
    path: '/metrics',
  });
  const exporter = (job: string, app: Component, service: string, portNumber: number): ScrapeTarget =>
    http(job, app, service, METRICS_PORT_NAME, portNumber);
  return [
    http(SCRAPE_JOBS.api, 'api', n.headless(n.api), 'http', PORTS.api),
    http(SCRAPE_JOBS.patroni, 'patroni', patroni, 'patroni', PORTS.patroniApi),
    exporter(SCRAPE_JOBS.postgresExporter, 'patroni', patroni, PORTS.postgresExporter),
    exporter(SCRAPE_JOBS.pgbouncerExporter, 'pgbouncer', n.headless(n.pgbouncer), PORTS.pgbouncerExporter),
    exporter(SCRAPE_JOBS.redisExporter, 'redis', n.headless(n.redis), PORTS.redisExporter),
    // The bundled Alertmanager; in operator mode the stack scrapes its own.
    ...(c.monitoring.mode === 'bundled'
      ? [http(SCRAPE_JOBS.alertmanager, 'alertmanager', n.headless(n.alertmanager), 'http', PORTS.alertmanager)]
      : []),
  ];
}
