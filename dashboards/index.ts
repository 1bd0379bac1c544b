// Every dashboard, rendered to the JSON Grafana provisions from files (bundled mode) or from labelled ConfigMaps
// (operator mode, grafana sidecar).
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { apiDashboard } from './api';
import { backupsDashboard } from './backups';
import { businessDashboard } from './business';
import { databaseDashboard } from './database';
import { buildDashboard, type DashboardSpec } from './panels';

export const DASHBOARD_SPECS: readonly DashboardSpec[] = [
  businessDashboard,
  databaseDashboard,
  apiDashboard,
  backupsDashboard,
];

export function buildDashboards(): Dashboard[] {
  return DASHBOARD_SPECS.map(buildDashboard);
}

/** Dashboard JSON keyed by file name (`<uid>.json`), ready for a ConfigMap. */
export function renderDashboards(): Record<string, string> {
  return Object.fromEntries(buildDashboards().map((d) => [`${d.uid}.json`, `${JSON.stringify(d, null, 2)}\n`]));
}
