import { METRICS } from '../../../app/src/metric-catalog';
import { target, type InputSeries, type Scenario } from '../scenario';
import { API, API_2, NAMESPACE } from './labels';

const api = target(API);
const api2 = target(API_2);
const ns = { namespace: NAMESPACE };
const created = (values: string) => [api(METRICS.incidentsCreated.name, values, { priority: 'high' })];
const resolution = (bucket: number): InputSeries[] =>
  ['15', '30', '60', '120', '+Inf'].map((le) =>
    api(`${METRICS.incidentResolution.name}_bucket`, le === '+Inf' || Number(le) >= bucket ? '0+5x60' : '0x60', {
      priority: 'high',
      le,
    }),
  );
/** Both API pods report the same open incidents (computed from the database). */
const active = (high: number, low: number) =>
  [api, api2].flatMap((pod) => [
    pod(METRICS.incidentsActive.name, `${high}x40`, { priority: 'high' }),
    pod(METRICS.incidentsActive.name, `${low}x40`, { priority: 'low' }),
  ]);

export const businessScenarios: Scenario[] = [
  {
    alert: 'BrownieIncidentVolumeHigh',
    severity: 'warning',
    firing: created('0+0.5x200'), // 30 an hour: crosses 10 after 21 minutes
    trueFrom: '21m',
    labels: ns,
    quiet: created('0+0.1x200'), // 6 an hour
  },
  {
    alert: 'BrownieIncidentVolumeHigh',
    severity: 'critical',
    firing: created('0x30 100x100'), // a burst of 100
    trueFrom: '31m',
    labels: ns,
    quiet: created('0x30 30x100'),
    quietSiblingFires: 'warning',
  },
  {
    alert: 'BrownieIncidentResolutionSlow',
    severity: 'warning',
    firing: resolution(120), // p95 117 minutes
    trueFrom: '1m',
    labels: ns,
    quiet: resolution(30), // p95 29.25 minutes
  },
  {
    alert: 'BrownieActiveIncidentsHigh',
    severity: 'warning',
    firing: active(15, 10),
    labels: ns,
    // 15 per pod: summing the two pods (30) would wrongly fire.
    quiet: active(8, 7),
  },
  {
    alert: 'BrownieUserGrowthAnomaly',
    severity: 'info',
    firing: [api(METRICS.users.name, '100x30 2000x60')],
    trueFrom: '31m',
    labels: ns,
    quiet: [api(METRICS.users.name, '100x30 600x60')],
  },
];
