// One alert rule as data. Rendering (bundled YAML, PrometheusRule) and the promtool unit tests all start from it.
import type { MonitoringConfig } from './config';

export type Severity = 'critical' | 'warning' | 'info' | 'none';

export interface AlertRule {
  /** `<Component><Symptom>`; a warning and a critical variant of one symptom share the name (inhibition pairs them). */
  alert: string;
  expr: string;
  for: string;
  severity: Severity;
  summary: string;
  /** May use `{{ $labels.<name> }}`; nothing else, so unit tests can expand it exactly. */
  description: string;
}

export interface RenderedRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
}

/** The anchor GitHub gives the runbook heading `## <alert>`. */
export const runbookAnchor = (alert: string): string => alert.toLowerCase();

export function renderRule(config: MonitoringConfig, rule: AlertRule): RenderedRule {
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: rule.for,
    labels: { ...config.commonLabels, severity: rule.severity },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      runbook_url: config.runbookUrlPattern.replace('{anchor}', runbookAnchor(rule.alert)),
    },
  };
}

/** Formats a ratio as a percentage for annotations ("5%"), without float noise. */
export const percent = (ratio: number): string => `${Number((ratio * 100).toFixed(2))}%`;

export interface Tier {
  threshold: number;
  for: string;
}

/**
 * The warning and critical variants of one symptom: same name (so inhibition can pair them), threshold and `for:` per
 * severity. The critical `for:` should be the shorter one, so it is never pre-empted by its own warning.
 */
export function tiered(
  base: { alert: string; summary: string },
  tiers: { warning: Tier; critical: Tier },
  expr: (threshold: number) => string,
  description: (threshold: number) => string,
): AlertRule[] {
  return (['warning', 'critical'] as const).map((severity) => ({
    alert: base.alert,
    summary: base.summary,
    severity,
    for: tiers[severity].for,
    expr: expr(tiers[severity].threshold),
    description: description(tiers[severity].threshold),
  }));
}
