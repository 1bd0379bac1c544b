// The monitoring chart's inputs for a platform: its alert rules, the dashboards and its Alertmanager config, rendered
// by alerts/, dashboards/ and the Alertmanager renderer. Used by synth and by the Pulumi program alike.
import { renderRuleFiles } from '../alerts/render';
import { renderDashboards } from '../dashboards';
import type { MonitoringInputs } from './charts';
import type { PlatformConfig } from './config';
import { monitoringConfigFor } from './config/alerting';
import { renderAlertmanagerConfig } from './render/alertmanager';

export function monitoringAssets(c: PlatformConfig): MonitoringInputs {
  return {
    ruleFiles: renderRuleFiles(monitoringConfigFor(c)),
    dashboards: renderDashboards(),
    alertmanagerConfig: renderAlertmanagerConfig(c.monitoring.alerting),
  };
}
