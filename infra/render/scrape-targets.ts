// What Prometheus scrapes, in one list: the bundled prometheus.yml and the operator's PodMonitors both come from it.
import type { PlatformConfig } from '../config';
import { names } from '../config';

export interface ScrapeTarget {
  job: string;
  /** Value of app.kubernetes.io/name on the pods to scrape. */
  app: string;
  /** Headless Service whose per-pod SRV records list the targets. */
  service: string;
  /** Name of the container port to scrape (also the SRV record's port name). */
  port: string;
  path: string;
}

export const METRICS_PORT_NAME = 'metrics';

export function scrapeTargets(c: PlatformConfig): ScrapeTarget[] {
  const n = names(c);
  const patroni = n.headless(n.cluster);
  return [
    { job: 'api', app: 'api', service: n.headless(n.api), port: 'http', path: '/metrics' },
    { job: 'patroni', app: 'patroni', service: patroni, port: 'patroni', path: '/metrics' },
    { job: 'postgres-exporter', app: 'patroni', service: patroni, port: METRICS_PORT_NAME, path: '/metrics' },
    {
      job: 'pgbouncer-exporter',
      app: 'pgbouncer',
      service: n.headless(n.pgbouncer),
      port: METRICS_PORT_NAME,
      path: '/metrics',
    },
    { job: 'redis-exporter', app: 'redis', service: n.headless(n.redis), port: METRICS_PORT_NAME, path: '/metrics' },
  ];
}
