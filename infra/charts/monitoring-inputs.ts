// What the monitoring chart takes from alerts/, dashboards/ and the alerting config: plain rendered files, so the
// chart never depends on how they are built.
import type { Construct } from 'constructs';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { labels, names, type PlatformConfig } from '../config';
import { addObject } from './objects';
import { metadata } from './pod';

export interface MonitoringInputs {
  /** Prometheus rule files: file name (ending .yaml) → rule file YAML with a `groups` list. */
  ruleFiles: Record<string, string>;
  /** Grafana dashboards: file name (ending .json) → dashboard JSON. */
  dashboards: Record<string, string>;
  /** alertmanager.yml (bundled mode). */
  alertmanagerConfig: string;
}

/** Routes everything to a receiver that drops it: a safe stand-in until the alerting config is wired in. */
const PLACEHOLDER_ALERTMANAGER_CONFIG = `route:
  receiver: 'null'
receivers:
  - name: 'null'
`;

export const emptyMonitoringInputs: MonitoringInputs = {
  ruleFiles: {},
  dashboards: {},
  alertmanagerConfig: PLACEHOLDER_ALERTMANAGER_CONFIG,
};

/** Throws, naming the file, when an input's name would not be picked up where it is mounted. */
export function checkInputNames(inputs: MonitoringInputs): void {
  for (const name of Object.keys(inputs.ruleFiles)) {
    if (!/^[\w.-]+\.yaml$/.test(name)) throw new Error(`monitoring ruleFiles["${name}"]: name must end with .yaml`);
  }
  for (const name of Object.keys(inputs.dashboards)) {
    if (!/^[\w.-]+\.json$/.test(name)) throw new Error(`monitoring dashboards["${name}"]: name must end with .json`);
  }
}

/** Dashboards ConfigMap; `extraLabels` lets the kube-prometheus-stack Grafana sidecar find it. */
export function addDashboardsConfigMap(
  scope: Construct,
  c: PlatformConfig,
  inputs: MonitoringInputs,
  extraLabels: Record<string, string> = {},
): void {
  addObject<IConfigMap>(scope, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(names(c).grafanaDashboards, { ...labels(c, 'grafana'), ...extraLabels }),
    data: inputs.dashboards,
  });
}
