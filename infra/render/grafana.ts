// Grafana provisioning files: the Prometheus datasource and the file provider for dashboards. The bundled chart and
// docker compose both mount these.
import { toYaml } from './serialize';

export const GRAFANA_DASHBOARDS_DIR = '/var/lib/grafana/dashboards';

export function renderGrafanaDatasources(prometheusUrl: string): string {
  return toYaml({
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: 'prometheus',
        type: 'prometheus',
        access: 'proxy',
        url: prometheusUrl,
        isDefault: true,
      },
    ],
  });
}

export function renderGrafanaDashboardProviders(provider: string): string {
  return toYaml({
    apiVersion: 1,
    providers: [{ name: provider, type: 'file', disableDeletion: true, options: { path: GRAFANA_DASHBOARDS_DIR } }],
  });
}
