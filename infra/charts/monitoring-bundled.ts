// Bundled monitoring: Prometheus (rendered prometheus.yml, rule files mounted from a ConfigMap), Alertmanager (its
// config from the alerting inputs) and Grafana (datasource and dashboards provisioned from ConfigMaps).
import type { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import {
  headlessName,
  labels,
  names,
  PORTS,
  selectorLabels,
  type Component,
  type Image,
  type PlatformConfig,
} from '../config';
import {
  GRAFANA_DASHBOARDS_DIR,
  PROMETHEUS_PATHS,
  renderGrafanaDashboardProviders,
  renderGrafanaDatasources,
  renderPrometheusConfig,
} from '../render';
import { addDashboardsConfigMap, type MonitoringInputs } from './monitoring-inputs';
import { addObject } from './objects';
import {
  configMapVolume,
  containerSecurityContext,
  emptyDir,
  imageRef,
  metadata,
  podSecurityContext,
  resources,
  RUN_AS,
  secretEnv,
  sidecarResources,
} from './pod';
import { addServices } from './service';
import { volumeClaimTemplate } from './volume-claim';

function configMap(
  scope: Construct,
  c: PlatformConfig,
  component: Component,
  name: string,
  data: Record<string, string>,
) {
  addObject<IConfigMap>(scope, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(name, labels(c, component)),
    data,
  });
}

/** One single-replica HTTP server: the three differ only in these fields. */
interface Workload {
  component: Component;
  name: string;
  image: Image;
  uid: number;
  port: number;
  probes: { live: string; ready: string };
  container: Pick<IContainer, 'args' | 'env' | 'resources' | 'volumeMounts'>;
  volumes: IVolume[];
  /** A StatefulSet with this volume claim; otherwise a Deployment. */
  storage?: { claim: string; size: string; className?: string };
}

function addWorkload(scope: Construct, c: PlatformConfig, w: Workload): void {
  const selector = selectorLabels(c, w.component);
  addServices(
    scope,
    (name) => metadata(name, labels(c, w.component)),
    w.name,
    selector,
    [{ name: 'http', port: w.port, targetPort: 'http' }],
    [],
  );
  const spec = {
    replicas: 1,
    selector: { matchLabels: selector },
    template: {
      metadata: { labels: labels(c, w.component) },
      spec: {
        securityContext: podSecurityContext(w.uid),
        automountServiceAccountToken: false,
        containers: [
          {
            name: w.component,
            image: imageRef(w.image),
            ports: [{ name: 'http', containerPort: w.port }],
            livenessProbe: { httpGet: { path: w.probes.live, port: 'http' }, periodSeconds: 15 },
            readinessProbe: { httpGet: { path: w.probes.ready, port: 'http' }, periodSeconds: 10 },
            securityContext: containerSecurityContext,
            ...w.container,
          },
        ],
        volumes: w.volumes,
      },
    },
  };
  const meta = metadata(w.name, labels(c, w.component, w.image.tag));
  if (w.storage) {
    addObject<IStatefulSet>(scope, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta,
      spec: {
        ...spec,
        serviceName: headlessName(w.name),
        volumeClaimTemplates: [volumeClaimTemplate(w.storage.claim, labels(c, w.component), w.storage)],
      },
    });
  } else {
    addObject<IDeployment>(scope, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec });
  }
}

export function addBundledMonitoring(scope: Construct, c: PlatformConfig, inputs: MonitoringInputs): void {
  const n = names(c);

  configMap(scope, c, 'prometheus', n.prometheus, { 'prometheus.yml': renderPrometheusConfig(c) });
  configMap(scope, c, 'prometheus', n.prometheusRules, inputs.ruleFiles);
  addWorkload(scope, c, {
    component: 'prometheus',
    name: n.prometheus,
    image: c.images.prometheus,
    uid: RUN_AS.prometheus,
    port: PORTS.prometheus,
    probes: { live: '/-/healthy', ready: '/-/ready' },
    container: {
      args: [
        `--config.file=${PROMETHEUS_PATHS.config}`,
        '--storage.tsdb.path=/prometheus',
        `--storage.tsdb.retention.time=${c.monitoring.retentionDays}d`,
        `--web.listen-address=:${PORTS.prometheus}`,
      ],
      resources: resources(c.monitoring.resources),
      volumeMounts: [
        { name: 'config', mountPath: PROMETHEUS_PATHS.config, subPath: 'prometheus.yml' },
        { name: 'rules', mountPath: PROMETHEUS_PATHS.rules },
        { name: 'data', mountPath: '/prometheus' },
      ],
    },
    volumes: [configMapVolume('config', n.prometheus), configMapVolume('rules', n.prometheusRules)],
    storage: { claim: 'data', ...c.monitoring.storage },
  });

  configMap(scope, c, 'alertmanager', n.alertmanagerConfig, { 'alertmanager.yml': inputs.alertmanagerConfig });
  addWorkload(scope, c, {
    component: 'alertmanager',
    name: n.alertmanager,
    image: c.images.alertmanager,
    uid: RUN_AS.alertmanager,
    port: PORTS.alertmanager,
    probes: { live: '/-/healthy', ready: '/-/ready' },
    container: {
      args: [
        '--config.file=/etc/alertmanager/alertmanager.yml',
        '--storage.path=/alertmanager',
        `--web.listen-address=:${PORTS.alertmanager}`,
      ],
      resources: resources(sidecarResources),
      volumeMounts: [
        { name: 'config', mountPath: '/etc/alertmanager/alertmanager.yml', subPath: 'alertmanager.yml' },
        { name: 'secrets', mountPath: '/etc/alertmanager/secrets', readOnly: true },
        { name: 'data', mountPath: '/alertmanager' },
      ],
    },
    volumes: [
      configMapVolume('config', n.alertmanagerConfig),
      { name: 'secrets', secret: { secretName: n.alertmanagerSecrets, optional: true } },
      emptyDir('data'),
    ],
  });

  const provisioning = `${n.grafana}-provisioning`;
  configMap(scope, c, 'grafana', provisioning, {
    'datasources.yaml': renderGrafanaDatasources(`http://${n.prometheus}:${PORTS.prometheus}`),
    'dashboards.yaml': renderGrafanaDashboardProviders(c.name),
  });
  addDashboardsConfigMap(scope, c, inputs);
  addWorkload(scope, c, {
    component: 'grafana',
    name: n.grafana,
    image: c.images.grafana,
    uid: RUN_AS.grafana,
    port: PORTS.grafana,
    probes: { live: '/api/health', ready: '/api/health' },
    container: {
      env: [
        secretEnv('GF_SECURITY_ADMIN_USER', n.secrets.grafana, 'admin-user'),
        secretEnv('GF_SECURITY_ADMIN_PASSWORD', n.secrets.grafana, 'admin-password'),
        // Console only: the default also logs to /var/log/grafana, on the read-only root filesystem.
        { name: 'GF_LOG_MODE', value: 'console' },
        { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
        { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      ],
      resources: resources(c.monitoring.resources),
      volumeMounts: [
        {
          name: 'provisioning',
          mountPath: '/etc/grafana/provisioning/datasources/datasources.yaml',
          subPath: 'datasources.yaml',
        },
        {
          name: 'provisioning',
          mountPath: '/etc/grafana/provisioning/dashboards/dashboards.yaml',
          subPath: 'dashboards.yaml',
        },
        { name: 'dashboards', mountPath: GRAFANA_DASHBOARDS_DIR },
        { name: 'data', mountPath: '/var/lib/grafana' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    volumes: [
      configMapVolume('provisioning', provisioning),
      configMapVolume('dashboards', n.grafanaDashboards),
      emptyDir('data'),
      emptyDir('tmp'),
    ],
  });
}
