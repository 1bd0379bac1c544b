// Policies on the Kubernetes objects: no plaintext secrets, hardened and bounded containers, probes, no public
// data services, a default-deny NetworkPolicy, a highly available database in prod, pinned images.
import { resourcePolicy, stackPolicy } from './define';
import {
  asArray,
  containers,
  get,
  isLongRunning,
  isWorkload,
  KUBE,
  objectName,
  objectNamespace,
  podSpec,
  stackOf,
  type PolicyResourceLike,
} from './resources';

/** A password in a connection string, or a password/secret/token assignment with a literal value. */
const PLAINTEXT_SECRET = [
  /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@$]+@/i,
  // A key ending in password/secret/token with a literal value (not a ${VAR} or %(var)s reference).
  /^\s*[\w.-]*(password|passwd|secret|token)\s*[:=][ \t]*["']?(?![$%{<])[^\s"']+/im,
];
/** Environment variable names that must come from a Secret, never a literal value. */
const SECRET_ENV_NAME = /(PASSWORD|SECRET|TOKEN|_URL)$/;
const DATA_SERVICES = ['patroni', 'pgbouncer', 'redis'];
const DATA_PORTS = [5432, 6432, 6379, 8008];

const workloadCheck = (check: (r: PolicyResourceLike) => string[]) => (r: PolicyResourceLike) =>
  isWorkload(r.type) ? check(r) : [];

export const noPlaintextSecretsInConfigMaps = () =>
  resourcePolicy(
    'no-plaintext-secrets-in-configmaps',
    'ConfigMaps hold no password, token or credentialed URL.',
    (r) =>
      r.type !== KUBE.configMap
        ? []
        : Object.entries((r.props.data ?? {}) as Record<string, string>)
            .filter(([, value]) => PLAINTEXT_SECRET.some((pattern) => pattern.test(value)))
            .map(([key]) => `ConfigMap ${objectName(r.props)} key ${key} looks like a plaintext secret`),
  );

export const noPlaintextSecretsInEnv = () =>
  resourcePolicy(
    'no-plaintext-secrets-in-env',
    'Secret-looking environment variables come from Secrets (valueFrom), never literal values.',
    workloadCheck((r) =>
      containers(r.type, r.props).flatMap(({ container }) =>
        (container.env ?? [])
          .filter(
            (e) =>
              e.value !== undefined &&
              (SECRET_ENV_NAME.test(e.name) ? !/^https?:\/\/[^@]*$/.test(e.value) : PLAINTEXT_SECRET[0]!.test(e.value)),
          )
          .map((e) => `container ${container.name} sets ${e.name} as a literal value`),
      ),
    ),
  );

export const containersNonRoot = () =>
  resourcePolicy(
    'containers-non-root',
    'Every container runs as non-root without privilege escalation.',
    workloadCheck((r) => {
      const podNonRoot = get(podSpec(r.type, r.props), 'securityContext', 'runAsNonRoot') === true;
      return containers(r.type, r.props).flatMap(({ container }) => [
        ...(podNonRoot || container.securityContext?.runAsNonRoot === true
          ? []
          : [`container ${container.name} may run as root`]),
        ...(container.securityContext?.allowPrivilegeEscalation === false
          ? []
          : [`container ${container.name} allows privilege escalation`]),
      ]);
    }),
  );

export const containersHaveLimits = () =>
  resourcePolicy(
    'containers-have-limits',
    'Every container requests and limits CPU and memory.',
    workloadCheck((r) =>
      containers(r.type, r.props)
        .filter(({ container: c }) =>
          ['requests', 'limits'].some((kind) => ['cpu', 'memory'].some((res) => !get(c.resources, kind, res))),
        )
        .map(({ container }) => `container ${container.name} lacks CPU/memory requests or limits`),
    ),
  );

export const containersHaveProbes = () =>
  resourcePolicy('containers-have-probes', 'Long-running containers have readiness and liveness probes.', (r) =>
    isLongRunning(r.type)
      ? containers(r.type, r.props)
          .filter(({ container: c, init }) => !init && (!c.readinessProbe || !c.livenessProbe))
          .map(({ container }) => `container ${container.name} lacks a readiness or liveness probe`)
      : [],
  );

export const noPublicDataServices = () =>
  resourcePolicy(
    'no-public-data-services',
    'PostgreSQL, PgBouncer and Redis are never exposed through a LoadBalancer or NodePort.',
    (r) => {
      if (r.type !== KUBE.service) return [];
      const type = String(get(r.props, 'spec', 'type') ?? 'ClusterIP');
      if (type !== 'LoadBalancer' && type !== 'NodePort') return [];
      const selected = String(get(r.props, 'spec', 'selector', 'app.kubernetes.io/name') ?? '');
      const ports = asArray(get(r.props, 'spec', 'ports')).map((p) => Number(get(p, 'port')));
      return DATA_SERVICES.includes(selected) || ports.some((p) => DATA_PORTS.includes(p))
        ? [`Service ${objectName(r.props)} exposes a data service as ${type}`]
        : [];
    },
  );

export const defaultDenyNetworkPolicy = () =>
  stackPolicy(
    'default-deny-network-policy',
    'Every namespace has a NetworkPolicy that selects all pods and denies ingress and egress by default.',
    (rs) => {
      const denies = rs.filter(
        (r) =>
          r.type === KUBE.networkPolicy &&
          Object.keys((get(r.props, 'spec', 'podSelector') ?? {}) as object).length === 0 &&
          ['Ingress', 'Egress'].every((t) => asArray(get(r.props, 'spec', 'policyTypes')).includes(t)) &&
          asArray(get(r.props, 'spec', 'ingress')).length === 0 &&
          asArray(get(r.props, 'spec', 'egress')).length === 0,
      );
      return rs
        .filter((r) => r.type === KUBE.namespace)
        .filter((ns) => !denies.some((d) => objectNamespace(d.props) === objectName(ns.props)))
        .map((ns) => ({ message: `namespace ${objectName(ns.props)} has no default-deny NetworkPolicy`, urn: ns.urn }));
    },
  );

const isPatroni = (r: PolicyResourceLike) =>
  r.type === KUBE.statefulSet &&
  get(r.props, 'spec', 'selector', 'matchLabels', 'app.kubernetes.io/name') === 'patroni';

export const prodDatabaseHighlyAvailable = () =>
  stackPolicy(
    'prod-database-highly-available',
    'In a prod stack, Patroni runs at least 3 members and has a PodDisruptionBudget.',
    (rs) =>
      rs.filter(isPatroni).flatMap((sts) => {
        if (!/prod/.test(stackOf(sts.urn))) return [];
        const replicas = Number(get(sts.props, 'spec', 'replicas') ?? 1);
        const selector = get(sts.props, 'spec', 'selector', 'matchLabels');
        const pdb = rs.some(
          (r) =>
            r.type === KUBE.pdb &&
            objectNamespace(r.props) === objectNamespace(sts.props) &&
            JSON.stringify(get(r.props, 'spec', 'selector', 'matchLabels')) === JSON.stringify(selector),
        );
        return [
          ...(replicas >= 3
            ? []
            : [{ message: `Patroni has ${replicas} members, prod needs at least 3`, urn: sts.urn }]),
          ...(pdb ? [] : [{ message: 'Patroni has no PodDisruptionBudget', urn: sts.urn }]),
        ];
      }),
  );

export const imagesPinned = () =>
  resourcePolicy(
    'images-pinned',
    'Every image names a tag other than latest, or a digest.',
    workloadCheck((r) =>
      containers(r.type, r.props)
        .filter(({ container: { image = '' } }) => {
          if (/@sha256:[0-9a-f]{64}$/.test(image)) return false;
          const tag = /:([\w][\w.-]{0,127})$/.exec(image.split('/').pop() ?? '')?.[1];
          return !tag || tag === 'latest';
        })
        .map(({ container }) => `container ${container.name} image ${String(container.image)} is not pinned`),
    ),
  );

export const kubernetesPolicies = () => [
  noPlaintextSecretsInConfigMaps(),
  noPlaintextSecretsInEnv(),
  containersNonRoot(),
  containersHaveLimits(),
  containersHaveProbes(),
  noPublicDataServices(),
  defaultDenyNetworkPolicy(),
  prodDatabaseHighlyAvailable(),
  imagesPinned(),
];
