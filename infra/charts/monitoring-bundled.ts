// Bundled monitoring: Prometheus (rendered prometheus.yml, rule files mounted from a ConfigMap), Alertmanager (its
// config from the alerting inputs) and Grafana (datasource and dashboards provisioned from ConfigMaps).
import type { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { headlessName, labels, names, PORTS, selectorLabels, type Component, type PlatformConfig } from '../config';
import { PROMETHEUS_PATHS, renderPrometheusConfig, toYaml } from '../render';
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

const GRAFANA_DASHBOARDS_DIR = '/var/lib/grafana/dashboards';

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

interface Workload {
  component: Component;
  name: string;
  uid: number;
  port: number;
  container: Omit<IContainer, 'name' | 'ports' | 'securityContext'>;
  volumes: IVolume[];
}

/** Pod template shared by the three: one named port, probes, restricted context. */
function podTemplate(c: PlatformConfig, w: Workload, probes: { live: string; ready: string }) {
  return {
    metadata: { labels: labels(c, w.component) },
    spec: {
      securityContext: podSecurityContext(w.uid),
      automountServiceAccountToken: false,
      containers: [
        {
          name: w.component,
          ports: [{ name: 'http', containerPort: w.port }],
          livenessProbe: { httpGet: { path: probes.live, port: 'http' }, periodSeconds: 15 },
          readinessProbe: { httpGet: { path: probes.ready, port: 'http' }, periodSeconds: 10 },
          securityContext: containerSecurityContext,
          ...w.container,
        },
      ],
      volumes: w.volumes,
    },
  };
}

function services(scope: Construct, c: PlatformConfig, w: Workload) {
  addServices(
    scope,
    (name) => metadata(name, labels(c, w.component)),
    w.name,
    selectorLabels(c, w.component),
    [{ name: 'http', port: w.port, targetPort: 'http' }],
    [],
  );
}

export function addBundledMonitoring(scope: Construct, c: PlatformConfig, inputs: MonitoringInputs): void {
  const n = names(c);

  configMap(scope, c, 'prometheus', n.prometheus, { 'prometheus.yml': renderPrometheusConfig(c) });
  configMap(scope, c, 'prometheus', n.prometheusRules, inputs.ruleFiles);
  const prometheus: Workload = {
    component: 'prometheus',
    name: n.prometheus,
    uid: RUN_AS.prometheus,
    port: PORTS.prometheus,
    container: {
      image: imageRef(c.images.prometheus),
      args: [
        `--config.file=${PROMETHEUS_PATHS.config}`,
        '--storage.tsdb.path=/prometheus',
        `--storage.tsdb.retention.time=${c.monitoring.retentionDays}d`,
        `--web.listen-address=:${PORTS.prometheus}`,
      ],
      resources: resources(c.monitoring.resources),
      volumeMounts: [
        { name: 'config', mountPath: '/etc/prometheus/prometheus.yml', subPath: 'prometheus.yml' },
        { name: 'rules', mountPath: PROMETHEUS_PATHS.rules },
        { name: 'data', mountPath: '/prometheus' },
      ],
    },
    volumes: [configMapVolume('config', n.prometheus), configMapVolume('rules', n.prometheusRules)],
  };
  services(scope, c, prometheus);
  addObject<IStatefulSet>(scope, {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata(n.prometheus, labels(c, 'prometheus', c.images.prometheus.tag)),
    spec: {
      replicas: 1,
      serviceName: headlessName(n.prometheus),
      selector: { matchLabels: selectorLabels(c, 'prometheus') },
      template: podTemplate(c, prometheus, { live: '/-/healthy', ready: '/-/ready' }),
      volumeClaimTemplates: [volumeClaimTemplate('data', labels(c, 'prometheus'), c.monitoring.storage)],
    },
  });

  configMap(scope, c, 'alertmanager', n.alertmanagerConfig, { 'alertmanager.yml': inputs.alertmanagerConfig });
  const alertmanager: Workload = {
    component: 'alertmanager',
    name: n.alertmanager,
    uid: RUN_AS.alertmanager,
    port: PORTS.alertmanager,
    container: {
      image: imageRef(c.images.alertmanager),
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
  };
  services(scope, c, alertmanager);
  addObject<IDeployment>(scope, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(n.alertmanager, labels(c, 'alertmanager', c.images.alertmanager.tag)),
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(c, 'alertmanager') },
      template: podTemplate(c, alertmanager, { live: '/-/healthy', ready: '/-/ready' }),
    },
  });

  configMap(scope, c, 'grafana', `${n.grafana}-provisioning`, {
    'datasources.yaml': toYaml({
      apiVersion: 1,
      datasources: [
        {
          name: 'Prometheus',
          uid: 'prometheus',
          type: 'prometheus',
          access: 'proxy',
          url: `http://${n.prometheus}:${PORTS.prometheus}`,
          isDefault: true,
        },
      ],
    }),
    'dashboards.yaml': toYaml({
      apiVersion: 1,
      providers: [{ name: 'brownie', type: 'file', disableDeletion: true, options: { path: GRAFANA_DASHBOARDS_DIR } }],
    }),
  });
  addDashboardsConfigMap(scope, c, inputs);
  const grafana: Workload = {
    component: 'grafana',
    name: n.grafana,
    uid: RUN_AS.grafana,
    port: PORTS.grafana,
    container: {
      image: imageRef(c.images.grafana),
      env: [
        secretEnv('GF_SECURITY_ADMIN_USER', n.secrets.grafana, 'admin-user'),
        secretEnv('GF_SECURITY_ADMIN_PASSWORD', n.secrets.grafana, 'admin-password'),
        { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
        { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      ],
      resources: resources(c.monitoring.resources),
      volumeMounts: [
        {
          name: 'datasources',
          mountPath: '/etc/grafana/provisioning/datasources/datasources.yaml',
          subPath: 'datasources.yaml',
        },
        {
          name: 'providers',
          mountPath: '/etc/grafana/provisioning/dashboards/dashboards.yaml',
          subPath: 'dashboards.yaml',
        },
        { name: 'dashboards', mountPath: GRAFANA_DASHBOARDS_DIR },
        { name: 'data', mountPath: '/var/lib/grafana' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    volumes: [
      configMapVolume('datasources', `${n.grafana}-provisioning`),
      configMapVolume('providers', `${n.grafana}-provisioning`),
      configMapVolume('dashboards', n.grafanaDashboards),
      emptyDir('data'),
      emptyDir('tmp'),
    ],
  };
  services(scope, c, grafana);
  addObject<IDeployment>(scope, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(n.grafana, labels(c, 'grafana', c.images.grafana.tag)),
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(c, 'grafana') },
      template: podTemplate(c, grafana, { live: '/api/health', ready: '/api/health' }),
    },
  });
}
