// What the service is for: incidents, their resolution, and user growth. The business gauges are computed from the
// database at scrape time, so every API pod reports the same total: take the max across pods, never the sum.
import { selector, type MonitoringConfig } from '../config';
import { SCRAPE_JOBS } from '../jobs';
import { METRICS } from '../../app/src/metric-catalog';
import { tiered, type AlertRule } from '../rule';

export function businessRules(c: MonitoringConfig): AlertRule[] {
  const api = selector(c, SCRAPE_JOBS.api);
  return [
    ...tiered(
      { alert: 'BrownieIncidentVolumeHigh', summary: 'Many incidents are being created' },
      {
        warning: { threshold: c.business.incidentsPerHour.warning, for: c.for.normal },
        critical: { threshold: c.business.incidentsPerHour.critical, for: c.for.fast },
      },
      // Counters are per pod (each counts what it created), so here the sum is right.
      (t) => `sum by (namespace) (increase(${METRICS.incidentsCreated.name}${api}[1h])) > ${t}`,
      (t) => `More than ${t} incidents were created in namespace {{ $labels.namespace }} within the last hour.`,
    ),
    {
      alert: 'BrownieIncidentResolutionSlow',
      severity: 'warning',
      for: c.for.slow,
      expr:
        `histogram_quantile(0.95, sum by (namespace, le) ` +
        `(rate(${METRICS.incidentResolution.name}_bucket${api}[1h]))) > ${c.business.resolutionP95Minutes}`,
      summary: 'Incidents take long to resolve',
      description: `The 95th percentile of incident resolution time in namespace {{ $labels.namespace }} over the last hour is above ${c.business.resolutionP95Minutes} minutes.`,
    },
    {
      alert: 'BrownieActiveIncidentsHigh',
      severity: 'warning',
      for: c.for.slow,
      expr: `max by (namespace) (sum by (namespace, pod) (${METRICS.incidentsActive.name}${api})) > ${c.business.activeIncidents}`,
      summary: 'Many incidents are open',
      description: `More than ${c.business.activeIncidents} incidents are open or in progress in namespace {{ $labels.namespace }}.`,
    },
    {
      alert: 'BrownieUserGrowthAnomaly',
      severity: 'info',
      for: c.for.normal,
      expr: `max by (namespace) (delta(${METRICS.users.name}${api}[1h])) > ${c.business.newUsersPerHour}`,
      summary: 'Users grow unusually fast',
      description: `More than ${c.business.newUsersPerHour} users were added in namespace {{ $labels.namespace }} within an hour: a bulk import, a sign-up bot, or a bug.`,
    },
  ];
}
