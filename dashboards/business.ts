// What the service holds and how incidents flow. The totals are computed from the database at scrape time, so every
// API pod reports the same value: max across pods, never sum.
import { METRICS } from '../app/src/metric-catalog';
import { SCRAPE_JOBS } from '../alerts/jobs';
import { sel, type DashboardSpec, type PanelSpec } from './panels';

const api = sel(SCRAPE_JOBS.api);
const total = (title: string, metric: string, description: string): PanelSpec => ({
  kind: 'stat',
  title,
  description,
  unit: 'short',
  queries: [{ expr: `max(sum by (pod) (${metric}${api}))` }],
});
const resolution = (q: number) =>
  `histogram_quantile(${q}, sum by (priority, le) (rate(${METRICS.incidentResolution.name}_bucket${api}[1h])))`;

export const businessDashboard: DashboardSpec = {
  uid: 'brownie-business',
  title: 'Brownie / Business',
  description: 'Organizations, teams, users and incidents: what the metadata service holds and how incidents flow.',
  tags: ['business'],
  rows: [
    {
      title: 'Totals',
      panels: [
        total('Organizations', METRICS.organizations.name, 'Organizations that are active and not deleted.'),
        total('Teams', METRICS.teams.name, 'Teams not deleted.'),
        total('Users', METRICS.users.name, 'Users not deleted.'),
        total('Active users', METRICS.usersActive.name, 'Users active in the last 30 days.'),
        total('Agent configs', METRICS.agentConfigs.name, 'Agent configurations not deleted, active or not.'),
        {
          kind: 'stat',
          title: 'Open incidents',
          description: 'Incidents open or in progress (alerting above 20).',
          unit: 'short',
          queries: [{ expr: `max(sum by (pod) (${METRICS.incidentsActive.name}${api}))` }],
          thresholds: [10, 20],
        },
      ],
    },
    {
      title: 'Incidents',
      panels: [
        {
          kind: 'timeseries',
          title: 'Open incidents by priority',
          description: 'Incidents open or in progress, by priority.',
          unit: 'short',
          queries: [{ expr: `max by (priority) (${METRICS.incidentsActive.name}${api})`, legend: '{{priority}}' }],
        },
        {
          kind: 'timeseries',
          title: 'Incidents created per hour',
          description: 'Incidents created through the API in the trailing hour, by priority (alerting above 10).',
          unit: 'short',
          queries: [
            {
              expr: `sum by (priority) (increase(${METRICS.incidentsCreated.name}${api}[1h]))`,
              legend: '{{priority}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Resolution time',
          description: 'p50 and p95 of minutes from creation to resolution over the trailing hour, by priority.',
          unit: 'm',
          queries: [
            { expr: resolution(0.5), legend: 'p50 {{priority}}' },
            { expr: resolution(0.95), legend: 'p95 {{priority}}' },
          ],
        },
      ],
    },
    {
      title: 'Growth',
      panels: [
        {
          kind: 'timeseries',
          title: 'Users over time',
          description: 'Users and users active in the last 30 days.',
          unit: 'short',
          queries: [
            { expr: `max(${METRICS.users.name}${api})`, legend: 'users' },
            { expr: `max(${METRICS.usersActive.name}${api})`, legend: 'active' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Organizations and teams',
          description: 'Organizations and teams over time.',
          unit: 'short',
          queries: [
            { expr: `max(${METRICS.organizations.name}${api})`, legend: 'organizations' },
            { expr: `max(${METRICS.teams.name}${api})`, legend: 'teams' },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Agent configs by state',
          description: 'Agent configurations, active and inactive.',
          unit: 'short',
          queries: [{ expr: `max by (active) (${METRICS.agentConfigs.name}${api})`, legend: 'active={{active}}' }],
        },
      ],
    },
  ],
};
