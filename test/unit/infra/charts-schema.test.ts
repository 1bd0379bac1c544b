// Every synthesized object against the Kubernetes OpenAPI schemas (kubernetes-models 4.5.1, Kubernetes 1.28+) and
// the prometheus-operator CRD schemas.
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { renderRuleFiles } from '../../../alerts/render';
import { renderDashboards } from '../../../dashboards';
import type { KubeManifest } from '../../../infra/charts';
import { defaultAlertingConfig, monitoringConfigFor } from '../../../infra/config/alerting';
import { renderAlertmanagerConfig } from '../../../infra/render/alertmanager';
import { objectsOf, variants } from '../../fixtures/infra/manifests';

const models: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

function validate(object: KubeManifest): void {
  const Model = models[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object as never).validate();
}

describe.each(variants)('Kubernetes schemas (%s)', (_, c) => {
  it.each(objectsOf(c).map((o) => [`${o.kind} ${o.metadata.name}`, o] as const))(
    'when %s is validated, then it matches its schema',
    (_name, object) => {
      expect(() => validate(object)).not.toThrow();
    },
  );
});

describe('schema validation', () => {
  it('when an object breaks its schema, then validation fails (the check can fail)', () => {
    const statefulSet = objectsOf(variants[0]![1]).find((o) => o.kind === 'StatefulSet')!;
    const broken = { ...statefulSet, spec: { ...(statefulSet.spec as object), replicas: 'three' } };
    expect(() => validate(broken)).toThrow(/replicas/);
  });
});

describe.each(variants.slice(0, 3))("with the project's rules, dashboards and alertmanager.yml (%s)", (_, c) => {
  const inputs = {
    ruleFiles: renderRuleFiles(monitoringConfigFor(c)),
    dashboards: renderDashboards(),
    alertmanagerConfig: renderAlertmanagerConfig(defaultAlertingConfig),
  };
  const objects = objectsOf(c, inputs);

  it('when the monitoring unit is synthesized, then every object matches its schema', () => {
    for (const object of objects) expect(() => validate(object)).not.toThrow();
  });

  it('when ConfigMaps carry the rendered files, then each stays under the 1 MiB object limit', () => {
    for (const configMap of objects.filter((o) => o.kind === 'ConfigMap')) {
      expect([configMap.metadata.name, Buffer.byteLength(JSON.stringify(configMap)) < 1_048_576]).toEqual([
        configMap.metadata.name,
        true,
      ]);
    }
  });
});
