// A rendered manifest becomes the typed @pulumi/kubernetes resource of its kind, so previews show real diffs per
// object and the await logic knows each kind. Custom resources (prometheus-operator) go through CustomResource.
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubeManifest } from '../charts';

type KubeClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

const KINDS: Record<string, KubeClass> = {
  'v1/Namespace': k8s.core.v1.Namespace,
  'v1/ServiceAccount': k8s.core.v1.ServiceAccount,
  'v1/ConfigMap': k8s.core.v1.ConfigMap,
  'v1/Secret': k8s.core.v1.Secret,
  'v1/Service': k8s.core.v1.Service,
  'v1/PersistentVolumeClaim': k8s.core.v1.PersistentVolumeClaim,
  'apps/v1/Deployment': k8s.apps.v1.Deployment,
  'apps/v1/StatefulSet': k8s.apps.v1.StatefulSet,
  'batch/v1/Job': k8s.batch.v1.Job,
  'batch/v1/CronJob': k8s.batch.v1.CronJob,
  'policy/v1/PodDisruptionBudget': k8s.policy.v1.PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': k8s.autoscaling.v2.HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy,
  'rbac.authorization.k8s.io/v1/Role': k8s.rbac.v1.Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': k8s.rbac.v1.RoleBinding,
};

/** API groups whose kinds come from CustomResourceDefinitions installed by someone else (kube-prometheus-stack). */
export const CRD_GROUPS = ['monitoring.coreos.com'];

export const isCustomResource = (m: Pick<KubeManifest, 'apiVersion'>): boolean =>
  CRD_GROUPS.includes(m.apiVersion.split('/')[0] ?? '');

/** The Pulumi name of an object: stable across runs, unique per unit, kind and object name. */
export const kubeResourceName = (unit: string, m: KubeManifest): string =>
  `${unit}-${m.kind.toLowerCase()}-${m.metadata.name}`;

export function kubeResource(
  name: string,
  manifest: KubeManifest,
  args: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  if (isCustomResource(manifest)) return new k8s.apiextensions.CustomResource(name, args as never, opts);
  const kind = KINDS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!kind) throw new Error(`${name}: no @pulumi/kubernetes class for ${manifest.apiVersion} ${manifest.kind}`);
  return new kind(name, args as never, opts);
}
