import { target, type Scenario } from '../scenario';
import { ALERTMANAGER, PROMETHEUS } from './labels';

const prom = target(PROMETHEUS);
const am = target(ALERTMANAGER);
const group = { rule_group: '/etc/prometheus/rules/brownie-rules.yaml;postgres' };
const alertmanagerUrl = { alertmanager: 'http://brownie-alertmanager.brownie.svc:9093/api/v2/alerts' };

export const metaScenarios: Scenario[] = [
  {
    alert: 'Watchdog',
    severity: 'none',
    firing: [prom('up', '1x5')],
    labels: {},
    quiet: 'impossible',
  },
  {
    alert: 'PrometheusRuleEvaluationFailures',
    severity: 'warning',
    firing: [prom('prometheus_rule_evaluation_failures_total', '0+1x30', group)],
    trueFrom: '1m',
    labels: { ...PROMETHEUS, ...group },
    quiet: [prom('prometheus_rule_evaluation_failures_total', '0x30', group)],
  },
  {
    alert: 'PrometheusAlertmanagerMissing',
    severity: 'critical',
    firing: [prom('prometheus_notifications_alertmanagers_discovered', '0x30')],
    labels: PROMETHEUS,
    // A one-scrape blip during a rollout is not a lost Alertmanager.
    quiet: [prom('prometheus_notifications_alertmanagers_discovered', '1x10 0 1x20')],
  },
  {
    alert: 'PrometheusNotificationErrors',
    severity: 'warning',
    firing: [prom('prometheus_notifications_errors_total', '0+1x30', alertmanagerUrl)],
    trueFrom: '1m',
    labels: { ...PROMETHEUS, ...alertmanagerUrl },
    quiet: [prom('prometheus_notifications_errors_total', '0x30', alertmanagerUrl)],
  },
  {
    alert: 'PrometheusConfigReloadFailed',
    severity: 'warning',
    firing: [prom('prometheus_config_last_reload_successful', '0x30')],
    labels: PROMETHEUS,
    quiet: [prom('prometheus_config_last_reload_successful', '1x30')],
  },
  {
    alert: 'AlertmanagerConfigReloadFailed',
    severity: 'warning',
    firing: [am('alertmanager_config_last_reload_successful', '0x30')],
    labels: ALERTMANAGER,
    quiet: [am('alertmanager_config_last_reload_successful', '1x30')],
  },
  {
    alert: 'AlertmanagerNotificationsFailing',
    severity: 'warning',
    firing: [am('alertmanager_notifications_failed_total', '0+1x30', { integration: 'slack' })],
    trueFrom: '1m',
    labels: { namespace: ALERTMANAGER.namespace, pod: ALERTMANAGER.pod, integration: 'slack' },
    quiet: [am('alertmanager_notifications_failed_total', '0x30', { integration: 'slack' })],
  },
];
