// The two shapes Prometheus takes rules in: a rule file (bundled mode, mounted from a ConfigMap) and a
// PrometheusRule object (operator mode, picked up by an existing kube-prometheus-stack through its release label).
import YAML from 'yaml';
import { defaultMonitoringConfig, type MonitoringConfig } from './config';
import { ruleGroups } from './index';
import { renderRule, type RenderedRule } from './rule';

export interface RenderedGroup {
  name: string;
  rules: RenderedRule[];
}

export function renderedGroups(config: MonitoringConfig = defaultMonitoringConfig): RenderedGroup[] {
  return ruleGroups(config).map((g) => ({ name: g.name, rules: g.rules.map((r) => renderRule(config, r)) }));
}

/** File name of a group's rule file (Prometheus loads `<rules dir>/*.yaml`). */
export const ruleFileName = (group: string): string => `${group}.rules.yaml`;

/**
 * The Prometheus rule files, one per group, keyed by file name: the bundled mode mounts them as one ConfigMap.
 * Key order is fixed by the objects, so renders are byte-identical.
 */
export function renderRuleFiles(config: MonitoringConfig = defaultMonitoringConfig): Record<string, string> {
  return Object.fromEntries(
    renderedGroups(config).map((g) => [
      ruleFileName(g.name),
      YAML.stringify({ groups: [g] }, { lineWidth: 0, singleQuote: true }),
    ]),
  );
}

export interface PrometheusRuleOptions {
  name: string;
  namespace: string;
  /** Labels the operator's ruleSelector matches, e.g. `{ release: 'kube-prometheus-stack' }`. */
  labels: Record<string, string>;
}

/** A monitoring.coreos.com/v1 PrometheusRule as a plain object (the charts turn it into an ApiObject). */
export function renderPrometheusRule(
  options: PrometheusRuleOptions,
  config: MonitoringConfig = defaultMonitoringConfig,
) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: options.name, namespace: options.namespace, labels: options.labels },
    spec: { groups: renderedGroups(config) },
  };
}
