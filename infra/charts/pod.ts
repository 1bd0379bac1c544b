// Pieces every workload shares: the restricted security context, resources from the config, env from Secrets,
// scheduling spread. One place, so the invariants tests check one behaviour.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { Image, PlatformConfig, Resources } from '../config';
import { METRICS_PORT_NAME } from '../render/scrape-targets';

export const imageRef = (image: Image): string => `${image.repository}:${image.tag}`;

export const podSecurityContext = (uid: number): IPodSecurityContext => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  fsGroup: uid,
  seccompProfile: { type: 'RuntimeDefault' },
});

export const containerSecurityContext: NonNullable<IContainer['securityContext']> = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

export const resources = (r: Resources): NonNullable<IContainer['resources']> => ({
  requests: { cpu: r.requests.cpu, memory: r.requests.memory },
  limits: { cpu: r.limits.cpu, memory: r.limits.memory },
});

/** Sidecars (exporters) are small and fixed. */
export const sidecarResources: Resources = {
  requests: { cpu: '20m', memory: '32Mi' },
  limits: { cpu: '200m', memory: '128Mi' },
};

export const secretEnv = (name: string, secret: string, key: string): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

export const fieldEnv = (name: string, fieldPath: string): IEnvVar => ({
  name,
  valueFrom: { fieldRef: { fieldPath } },
});

export const plainEnv = (vars: Record<string, string>): IEnvVar[] =>
  Object.entries(vars).map(([name, value]) => ({ name, value }));

export const emptyDir = (name: string, medium?: 'Memory'): IVolume => ({ name, emptyDir: medium ? { medium } : {} });

export const configMapVolume = (name: string, configMap: string, defaultMode = 0o444): IVolume => ({
  name,
  configMap: { name: configMap, defaultMode },
});

/**
 * Spread replicas over nodes and zones. Prod refuses to co-locate (a zone loss must not take the quorum); dev
 * prefers to spread but schedules on one node.
 */
export function spread(
  c: PlatformConfig,
  selector: Record<string, string>,
): { affinity: IAffinity; topologySpreadConstraints: ITopologySpreadConstraint[] } {
  const strict = c.environment === 'prod';
  const term = { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' };
  return {
    affinity: {
      podAntiAffinity: strict
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: strict ? 'DoNotSchedule' : 'ScheduleAnyway',
        labelSelector: { matchLabels: selector },
      },
    ],
  };
}

/** `{ annotations }` when there are any, so objects without them carry no empty map. */
export const annotations = (values: Record<string, string>) =>
  Object.keys(values).length > 0 ? { annotations: values } : {};

export const metadata = (name: string, objectLabels: Record<string, string>, extra: object = {}) => ({
  name,
  labels: objectLabels,
  ...extra,
});

/** The non-root users the images run as (images/patroni/Dockerfile and app/Dockerfile pin theirs). */
export const RUN_AS = {
  patroni: 999,
  pgbouncer: 70,
  redis: 999,
  api: 1000,
  prometheus: 65534,
  alertmanager: 65534,
  grafana: 472,
} as const;

/** A Prometheus exporter beside the engine: one `metrics` port, probed on `/`, small fixed resources. */
export function exporterSidecar(
  name: string,
  image: Image,
  port: number,
  settings: Pick<IContainer, 'args' | 'env' | 'volumeMounts'>,
): IContainer {
  const probe = { httpGet: { path: '/', port: METRICS_PORT_NAME }, periodSeconds: 30 };
  return {
    name,
    image: imageRef(image),
    ...settings,
    ports: [{ name: METRICS_PORT_NAME, containerPort: port }],
    livenessProbe: probe,
    readinessProbe: probe,
    resources: resources(sidecarResources),
    securityContext: containerSecurityContext,
  };
}
