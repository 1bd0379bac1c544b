// What policies read: resources as the policy engine hands them over (type token, plain props), and helpers that
// find containers in any workload kind. Values unknown during a preview arrive as undefined and are not violations.

export interface PolicyResourceLike {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

export type Props = Record<string, unknown>;

export const get = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );

export const asArray = <T = unknown>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

export const KUBE = {
  namespace: 'kubernetes:core/v1:Namespace',
  configMap: 'kubernetes:core/v1:ConfigMap',
  service: 'kubernetes:core/v1:Service',
  networkPolicy: 'kubernetes:networking.k8s.io/v1:NetworkPolicy',
  statefulSet: 'kubernetes:apps/v1:StatefulSet',
  deployment: 'kubernetes:apps/v1:Deployment',
  pdb: 'kubernetes:policy/v1:PodDisruptionBudget',
  job: 'kubernetes:batch/v1:Job',
  cronJob: 'kubernetes:batch/v1:CronJob',
} as const;

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATH: Record<string, string[]> = {
  [KUBE.deployment]: ['spec', 'template', 'spec'],
  [KUBE.statefulSet]: ['spec', 'template', 'spec'],
  [KUBE.job]: ['spec', 'template', 'spec'],
  [KUBE.cronJob]: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const isWorkload = (type: string): boolean => type in POD_SPEC_PATH;
export const isLongRunning = (type: string): boolean => type === KUBE.deployment || type === KUBE.statefulSet;

export interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean; runAsUser?: number };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
}

export function podSpec(type: string, props: Props): Props | undefined {
  const path = POD_SPEC_PATH[type];
  return path ? (get(props, ...path) as Props | undefined) : undefined;
}

/** Init and regular containers of a workload, each with whether it is an init container. */
export function containers(type: string, props: Props): { container: Container; init: boolean }[] {
  const spec = podSpec(type, props);
  return [
    ...asArray<Container>(get(spec, 'initContainers')).map((container) => ({ container, init: true })),
    ...asArray<Container>(get(spec, 'containers')).map((container) => ({ container, init: false })),
  ];
}

/** The stack name in a URN (urn:pulumi:STACK::project::type::name). */
export const stackOf = (urn: string): string => urn.split(':')[2] ?? '';

export const objectName = (props: Props): string => String(get(props, 'metadata', 'name') ?? '');
export const objectNamespace = (props: Props): string => String(get(props, 'metadata', 'namespace') ?? '');
