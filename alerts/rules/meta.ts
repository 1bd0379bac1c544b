// The monitoring stack itself: the always-firing Watchdog (a dead man's switch for the whole alert path) and the
// failures that would silently stop alerts from being evaluated or delivered.
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import type { AlertRule } from '../rule';

export const WATCHDOG = 'Watchdog';

export function metaRules(c: MonitoringConfig): AlertRule[] {
  const prom = selector(c, SCRAPE_JOBS.prometheus);
  const am = selector(c, SCRAPE_JOBS.alertmanager);
  const rules: AlertRule[] = [
    {
      alert: WATCHDOG,
      severity: 'none',
      for: '0m',
      expr: 'vector(1)',
      summary: 'The alerting pipeline works',
      description:
        'This alert always fires. Alertmanager sends it to the dead man’s switch; when it stops arriving, Prometheus, Alertmanager or the path between them is broken.',
    },
  ];
  if (c.expectedJobs.includes(SCRAPE_JOBS.prometheus)) {
    rules.push(
      {
        alert: 'PrometheusRuleEvaluationFailures',
        severity: 'warning',
        for: c.for.normal,
        expr: `increase(prometheus_rule_evaluation_failures_total${prom}[5m]) > 0`,
        summary: 'Prometheus fails to evaluate rules',
        description: `Prometheus {{ $labels.pod }} failed evaluating rules of group {{ $labels.rule_group }}; those alerts cannot fire.`,
      },
      {
        alert: 'PrometheusAlertmanagerMissing',
        severity: 'critical',
        for: c.for.normal,
        expr: `max_over_time(prometheus_notifications_alertmanagers_discovered${prom}[5m]) < 1`,
        summary: 'Prometheus is connected to no Alertmanager',
        description: `Prometheus {{ $labels.pod }} in namespace {{ $labels.namespace }} discovers no Alertmanager: no alert is delivered.`,
      },
      {
        alert: 'PrometheusNotificationErrors',
        severity: 'warning',
        for: c.for.normal,
        expr: `increase(prometheus_notifications_errors_total${prom}[5m]) > 0`,
        summary: 'Prometheus fails to send alerts',
        description: `Prometheus {{ $labels.pod }} fails to send alerts to Alertmanager {{ $labels.alertmanager }}.`,
      },
      {
        alert: 'PrometheusConfigReloadFailed',
        severity: 'warning',
        for: c.for.normal,
        expr: `prometheus_config_last_reload_successful${prom} == 0`,
        summary: 'Prometheus runs an old configuration',
        description: `The last configuration reload of Prometheus {{ $labels.pod }} failed; it keeps the previous rules and targets.`,
      },
    );
  }
  if (c.expectedJobs.includes(SCRAPE_JOBS.alertmanager)) {
    rules.push(
      {
        alert: 'AlertmanagerConfigReloadFailed',
        severity: 'warning',
        for: c.for.normal,
        expr: `alertmanager_config_last_reload_successful${am} == 0`,
        summary: 'Alertmanager runs an old configuration',
        description: `The last configuration reload of Alertmanager {{ $labels.pod }} failed; it keeps the previous routes.`,
      },
      {
        alert: 'AlertmanagerNotificationsFailing',
        severity: 'warning',
        for: c.for.normal,
        expr: `sum by (namespace, pod, integration) (increase(alertmanager_notifications_failed_total${am}[5m])) > 0`,
        summary: 'Alertmanager fails to deliver notifications',
        description: `Alertmanager {{ $labels.pod }} fails to deliver through {{ $labels.integration }}.`,
      },
    );
  }
  return rules;
}
