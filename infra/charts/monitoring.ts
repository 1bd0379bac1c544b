// Monitoring, bundled or for an existing kube-prometheus-stack, from the same scrape list, rules and dashboards.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config';
import { addBundledMonitoring } from './monitoring-bundled';
import { checkInputNames, type MonitoringInputs } from './monitoring-inputs';
import { addOperatorMonitoring } from './monitoring-operator';

export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, inputs: MonitoringInputs, props: ChartProps = {}) {
    super(scope, id, props);
    checkInputNames(inputs);
    if (c.monitoring.mode === 'bundled') addBundledMonitoring(this, c, inputs);
    else addOperatorMonitoring(this, c, inputs);
  }
}
