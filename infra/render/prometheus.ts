// prometheus.yml for the bundled mode. Targets come from the DNS SRV records of headless Services (one per pod and
// named port): no Kubernetes API access, so Prometheus needs no RBAC, and Debian's promtool (built without the
// Kubernetes discovery) can check the very file we ship. Rule files from the mounted rules ConfigMap; alerts to
// the bundled Alertmanager.
import { SCRAPE_JOBS } from '../../alerts/jobs';
import type { PlatformConfig } from '../config';
import { names, PORTS } from '../config';
import { scrapeTargets, type ScrapeTarget } from './scrape-targets';
import { toYaml } from './serialize';

export const PROMETHEUS_PATHS = { config: '/etc/prometheus/prometheus.yml', rules: '/etc/prometheus/rules' } as const;

/** Kubernetes: SRV discovery; docker compose: fixed `host:port` targets per job (jobs absent there are left out). */
export type PrometheusDiscovery =
  | { kind: 'kubernetes' }
  | { kind: 'static'; targets: Partial<Record<string, string[]>>; alertmanager: string };

export interface PrometheusOptions {
  rulesDir?: string;
  discovery?: PrometheusDiscovery;
}

// Every alert rule selects namespace="<ns>": static targets carry it as a label, as discovered ones get it by relabeling.
function staticScrapeConfig(c: PlatformConfig, job: string, path: string, targets: string[]) {
  return { job_name: job, metrics_path: path, static_configs: [{ targets, labels: { namespace: c.namespace } }] };
}

function scrapeConfig(c: PlatformConfig, t: ScrapeTarget) {
  return {
    job_name: t.job,
    metrics_path: t.path,
    dns_sd_configs: [{ type: 'SRV', names: [`_${t.port}._tcp.${t.service}.${c.namespace}.svc`] }],
    relabel_configs: [
      // A StatefulSet pod's SRV target is <pod>.<service>...: keep the pod name as a label.
      { source_labels: ['__meta_dns_srv_record_target'], regex: '([^.]+)\\..*', target_label: 'pod' },
      { target_label: 'namespace', replacement: c.namespace },
    ],
  };
}

export function renderPrometheusConfig(c: PlatformConfig, options: PrometheusOptions = {}): string {
  const { rulesDir = PROMETHEUS_PATHS.rules, discovery = { kind: 'kubernetes' } } = options;
  const interval = `${c.monitoring.scrapeIntervalSeconds}s`;
  const alertmanager =
    discovery.kind === 'static'
      ? discovery.alertmanager
      : `${names(c).alertmanager}.${c.namespace}.svc:${PORTS.alertmanager}`;
  const scrapes = scrapeTargets(c).flatMap((t): object[] => {
    if (discovery.kind === 'kubernetes') return [scrapeConfig(c, t)];
    const targets = discovery.targets[t.job];
    return targets ? [staticScrapeConfig(c, t.job, t.path, targets)] : [];
  });
  return toYaml({
    global: {
      scrape_interval: interval,
      evaluation_interval: interval,
      external_labels: { environment: c.environment, cluster: c.name },
    },
    rule_files: [`${rulesDir}/*.yaml`],
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [alertmanager] }] }],
    },
    scrape_configs: [
      staticScrapeConfig(c, SCRAPE_JOBS.prometheus, '/metrics', [`localhost:${PORTS.prometheus}`]),
      ...scrapes,
    ],
  });
}
