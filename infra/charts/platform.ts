// The whole platform as cdk8s charts, one per deployable unit, in apply order. Pure: same config and inputs, same
// objects. Both `npm run synth` and the Pulumi program build from here.
import { App, type Chart } from 'cdk8s';
import type { PlatformConfig } from '../config';
import { ApiChart } from './api';
import { BackupChart } from './backup';
import { MigrationsChart } from './migrations';
import { type MonitoringInputs } from './monitoring-inputs';
import { MonitoringChart } from './monitoring';
import { NamespaceChart } from './namespace';
import { NetworkPoliciesChart } from './network-policies';
import { PatroniChart } from './patroni';
import { PgbouncerChart } from './pgbouncer';
import { RedisChart } from './redis';

export interface PlatformChart {
  /** File stem in dist/manifests/<stack>/ and the chart's construct id. */
  unit: string;
  chart: Chart;
}

export function buildPlatform(c: PlatformConfig, inputs: MonitoringInputs, app: App = new App()): PlatformChart[] {
  const props = { namespace: c.namespace, disableResourceNameHashes: true };
  return [
    { unit: 'namespace', chart: new NamespaceChart(app, 'namespace', c) },
    { unit: 'network-policies', chart: new NetworkPoliciesChart(app, 'network-policies', c, props) },
    { unit: 'patroni', chart: new PatroniChart(app, 'patroni', c, props) },
    { unit: 'pgbouncer', chart: new PgbouncerChart(app, 'pgbouncer', c, props) },
    { unit: 'redis', chart: new RedisChart(app, 'redis', c, props) },
    { unit: 'migrations', chart: new MigrationsChart(app, 'migrations', c, props) },
    { unit: 'api', chart: new ApiChart(app, 'api', c, props) },
    { unit: 'backup', chart: new BackupChart(app, 'backup', c, props) },
    { unit: 'monitoring', chart: new MonitoringChart(app, 'monitoring', c, inputs, props) },
  ];
}

export interface KubeManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/** Every object of every chart, as plain JSON (keys sorted by cdk8s). */
export function platformObjects(
  c: PlatformConfig,
  inputs: MonitoringInputs,
): { unit: string; objects: KubeManifest[] }[] {
  return buildPlatform(c, inputs).map(({ unit, chart }) => ({ unit, objects: chart.toJson() as KubeManifest[] }));
}
