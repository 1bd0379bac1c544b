// How people reach what the platform deploys: in-cluster URLs and the port-forward lines the stack prints.
import { names, PORTS, type PlatformConfig } from '../config';

const serviceUrl = (c: PlatformConfig, service: string, port: number) =>
  `http://${service}.${c.namespace}.svc.cluster.local:${port}`;

export const apiUrl = (c: PlatformConfig): string => serviceUrl(c, names(c).api, PORTS.api);

/** Bundled mode only: in operator mode the dashboards go to the kube-prometheus-stack's own Grafana. */
export const grafanaUrl = (c: PlatformConfig): string | undefined =>
  c.monitoring.mode === 'bundled' ? serviceUrl(c, names(c).grafana, PORTS.grafana) : undefined;

/** Service → `kubectl port-forward` line, for each Service worth reaching from a laptop. */
export function portForwardCommands(c: PlatformConfig): Record<string, string> {
  const n = names(c);
  const targets: [string, string, number][] = [
    ['api', n.api, PORTS.api],
    ['postgres', n.cluster, PORTS.postgres],
    ['pgbouncer', n.pgbouncer, PORTS.pgbouncer],
    ...(c.monitoring.mode === 'bundled'
      ? ([
          ['prometheus', n.prometheus, PORTS.prometheus],
          ['alertmanager', n.alertmanager, PORTS.alertmanager],
          ['grafana', n.grafana, PORTS.grafana],
        ] as [string, string, number][])
      : []),
  ];
  return Object.fromEntries(
    targets.map(([key, service, port]) => [
      key,
      `kubectl -n ${c.namespace} port-forward svc/${service} ${port}:${port}`,
    ]),
  );
}
