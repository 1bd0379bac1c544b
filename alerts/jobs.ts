// Scrape job names, shared by the alert rules (selectors, absent() alerts) and the prometheus.yml / PodMonitor
// renderers in infra/, so a renamed job breaks the build instead of silencing every alert on it.

export const SCRAPE_JOBS = {
  api: 'brownie-api',
  postgresExporter: 'postgres-exporter',
  pgbouncerExporter: 'pgbouncer-exporter',
  patroni: 'patroni',
  redisExporter: 'redis-exporter',
  alertmanager: 'alertmanager',
  prometheus: 'prometheus',
} as const;

export type ScrapeJob = (typeof SCRAPE_JOBS)[keyof typeof SCRAPE_JOBS];
