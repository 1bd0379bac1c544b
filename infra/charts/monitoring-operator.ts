// Operator mode: objects for an existing kube-prometheus-stack. PodMonitors from the same scrape list as the bundled
// prometheus.yml, one PrometheusRule per rule file, dashboards labelled for the Grafana sidecar.
import type { Construct } from 'constructs';
import YAML from 'yaml';
import { labels, selectorLabels, type PlatformConfig } from '../config';
import { scrapeTargets } from '../render';
import { addDashboardsConfigMap, type MonitoringInputs } from './monitoring-inputs';
import { addObject } from './objects';
import { metadata } from './pod';

/** The label kube-prometheus-stack's Grafana sidecar looks for, by default. */
export const GRAFANA_SIDECAR_LABEL = { grafana_dashboard: '1' };

/** Object name under the platform's prefix, without doubling it (job and rule file names may carry it already). */
const prefixed = (c: PlatformConfig, name: string): string =>
  name.startsWith(`${c.name}-`) ? name : `${c.name}-${name}`;

export function addOperatorMonitoring(scope: Construct, c: PlatformConfig, inputs: MonitoringInputs): void {
  const release = { release: c.monitoring.operatorReleaseLabel };
  for (const t of scrapeTargets(c)) {
    addObject(scope, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: metadata(prefixed(c, t.job), { ...labels(c, t.app), ...release }),
      spec: {
        selector: { matchLabels: selectorLabels(c, t.app) },
        podMetricsEndpoints: [
          {
            port: t.port,
            path: t.path,
            interval: `${c.monitoring.scrapeIntervalSeconds}s`,
            // The operator would name the job <namespace>/<PodMonitor>; alert rules select on our job names.
            relabelings: [{ targetLabel: 'job', replacement: t.job }],
          },
        ],
      },
    });
  }
  for (const [file, content] of Object.entries(inputs.ruleFiles)) {
    const groups = (YAML.parse(content) as { groups?: unknown } | null)?.groups;
    if (!Array.isArray(groups)) throw new Error(`monitoring ruleFiles["${file}"]: expected a "groups" list`);
    addObject(scope, {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: metadata(prefixed(c, file.replace(/\.yaml$/, '').replace(/[^a-z0-9-]/g, '-')), {
        ...labels(c, 'prometheus'),
        ...release,
      }),
      spec: { groups },
    });
  }
  addDashboardsConfigMap(scope, c, inputs, GRAFANA_SIDECAR_LABEL);
}
