// The PostgreSQL cluster: Patroni in a StatefulSet using the Kubernetes API as its DCS (hence its own
// ServiceAccount and Role), Services for primary (endpoints written by Patroni), replicas and config, a headless
// Service for stable pod DNS and scrape discovery, a PDB, zone spread, and postgres_exporter beside it.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { labels, names, PORTS, SECRET_KEYS, type PlatformConfig } from '../config';
import {
  BOOTSTRAP_PASSWORD_ENV,
  kubernetesPgbouncerEndpoints,
  METRICS_PORT_NAME,
  PATRONI_PATHS,
  POOLER_CALLBACK_ENV,
  PATRONI_ROLE_LABEL,
  patroniLabels,
  renderPatroniConfig,
  renderPoolerCallbackScript,
  renderPostBootstrapScript,
} from '../render';
import { addObject } from './objects';
import {
  configMapVolume,
  containerSecurityContext,
  emptyDir,
  exporterSidecar,
  fieldEnv,
  imageRef,
  metadata,
  plainEnv,
  podSecurityContext,
  resources,
  RUN_AS,
  secretEnv,
  spread,
} from './pod';
import { volumeClaimTemplate } from './volume-claim';
import { postgresExporterQueries } from '../../alerts/exporters';

const [superuserKey, replicationKey, rewindKey, ownerKey, appKey, backupKey] = SECRET_KEYS.postgres;

const EXPORTER_QUERIES_DIR = '/etc/postgres-exporter';

export class PatroniChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const n = names(c);
    const meta = (name: string, extra: object = {}) =>
      metadata(name, labels(c, 'patroni', c.images.patroni.tag), extra);
    const selector = patroniLabels(c);
    const credentials = (env: string, key: string) => secretEnv(env, n.secrets.postgres, key);

    addObject<IServiceAccount>(this, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(n.patroniServiceAccount),
    });
    addObject<IRole>(this, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(n.patroniServiceAccount),
      // What Patroni's Kubernetes DCS does with use_endpoints: leader lock and config in Endpoints, member state in
      // pod labels and annotations.
      rules: [
        {
          apiGroups: [''],
          resources: ['endpoints'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
        },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [''], resources: ['services'], verbs: ['create'] },
      ],
    });
    addObject<IRoleBinding>(this, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(n.patroniServiceAccount),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: n.patroniServiceAccount },
      subjects: [{ kind: 'ServiceAccount', name: n.patroniServiceAccount, namespace: c.namespace }],
    });

    addObject<IConfigMap>(this, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(n.patroniConfigMap),
      data: {
        'patroni.yml': renderPatroniConfig(c, { dcs: 'kubernetes' }),
        'post-bootstrap.sh': renderPostBootstrapScript(c),
        'pooler-callback.sh': renderPoolerCallbackScript(c),
      },
    });
    addObject<IConfigMap>(this, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(n.postgresExporterQueries),
      data: { 'queries.yaml': postgresExporterQueries() },
    });

    const postgresPort = { name: 'postgresql', port: PORTS.postgres, targetPort: 'postgresql' };
    // No selector: Patroni itself points this Service's Endpoints at the leader.
    addObject<IService>(this, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(n.cluster),
      spec: { type: 'ClusterIP', ports: [{ ...postgresPort, targetPort: PORTS.postgres }] },
    });
    addObject<IService>(this, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(n.replicaService),
      spec: {
        type: 'ClusterIP',
        selector: { ...selector, [PATRONI_ROLE_LABEL.key]: PATRONI_ROLE_LABEL.replica },
        ports: [postgresPort],
      },
    });
    addObject<IService>(this, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(n.configService),
      spec: { clusterIP: 'None' },
    });
    addObject<IService>(this, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(n.headless(n.cluster)),
      spec: {
        clusterIP: 'None',
        selector,
        ports: [
          postgresPort,
          { name: 'patroni', port: PORTS.patroniApi, targetPort: 'patroni' },
          { name: METRICS_PORT_NAME, port: PORTS.postgresExporter, targetPort: METRICS_PORT_NAME },
        ],
      },
    });

    addObject<IPodDisruptionBudget>(this, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(n.cluster),
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    });

    const tlsVolume = c.tls.enabled
      ? [{ name: 'tls', secret: { secretName: c.tls.postgresSecretName ?? '', defaultMode: 0o440 } }]
      : [];
    addObject<IStatefulSet>(this, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(n.cluster),
      spec: {
        replicas: c.postgres.replicas,
        serviceName: n.headless(n.cluster),
        podManagementPolicy: 'OrderedReady',
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels(c, 'patroni', c.images.patroni.tag), ...selector } },
          spec: {
            serviceAccountName: n.patroniServiceAccount,
            securityContext: podSecurityContext(RUN_AS.patroni),
            terminationGracePeriodSeconds: 30,
            ...spread(c, selector),
            containers: [
              {
                name: 'patroni',
                image: imageRef(c.images.patroni),
                // args, not command: the image's tini entrypoint reaps postmasters Patroni leaves behind.
                args: ['patroni', PATRONI_PATHS.config],
                ports: [
                  { name: 'postgresql', containerPort: PORTS.postgres },
                  { name: 'patroni', containerPort: PORTS.patroniApi },
                ],
                // Patroni's own view: liveness fails only when Patroni is stuck; readiness is true for a running
                // replica too (the original probed for the leader, so every replica was killed).
                livenessProbe: {
                  httpGet: { path: '/liveness', port: 'patroni' },
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                  failureThreshold: 6,
                },
                readinessProbe: {
                  httpGet: { path: '/readiness', port: 'patroni' },
                  periodSeconds: 5,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
                // No PG* variables here: they would override Patroni's password file after a failover.
                env: [
                  fieldEnv('PATRONI_NAME', 'metadata.name'),
                  fieldEnv('PATRONI_KUBERNETES_POD_IP', 'status.podIP'),
                  ...plainEnv({
                    PATRONI_KUBERNETES_NAMESPACE: c.namespace,
                    PATRONI_POSTGRESQL_CONNECT_ADDRESS: `$(PATRONI_KUBERNETES_POD_IP):${PORTS.postgres}`,
                    PATRONI_RESTAPI_CONNECT_ADDRESS: `$(PATRONI_KUBERNETES_POD_IP):${PORTS.patroniApi}`,
                    // So `kubectl exec … patronictl list` (the runbooks' commands) finds the mounted config.
                    PATRONICTL_CONFIG_FILE: PATRONI_PATHS.config,
                    [POOLER_CALLBACK_ENV.service]: `${n.headless(n.pgbouncer)}.${c.namespace}.svc`,
                    [POOLER_CALLBACK_ENV.port]: String(PORTS.pgbouncer),
                    [POOLER_CALLBACK_ENV.primaryHost]: kubernetesPgbouncerEndpoints(c).primary.host,
                    [POOLER_CALLBACK_ENV.primaryPort]: String(kubernetesPgbouncerEndpoints(c).primary.port),
                  }),
                  credentials('PATRONI_SUPERUSER_PASSWORD', superuserKey),
                  credentials('PATRONI_REPLICATION_PASSWORD', replicationKey),
                  credentials('PATRONI_REWIND_PASSWORD', rewindKey),
                  credentials(BOOTSTRAP_PASSWORD_ENV.owner, ownerKey),
                  credentials(BOOTSTRAP_PASSWORD_ENV.app, appKey),
                  credentials(BOOTSTRAP_PASSWORD_ENV.backup, backupKey),
                  secretEnv(BOOTSTRAP_PASSWORD_ENV.pgbouncerAuth, n.secrets.pgbouncerAuth, 'password'),
                ],
                resources: resources(c.postgres.resources),
                securityContext: containerSecurityContext,
                volumeMounts: [
                  { name: 'pgdata', mountPath: '/home/postgres/pgdata' },
                  { name: 'config', mountPath: '/etc/patroni', readOnly: true },
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                  // A container's /dev/shm is 64 MiB: too small for PostgreSQL's dynamic shared memory (parallel query).
                  { name: 'dshm', mountPath: '/dev/shm' },
                  ...(c.tls.enabled ? [{ name: 'tls', mountPath: '/etc/postgres-tls', readOnly: true }] : []),
                ],
              },
              exporterSidecar('postgres-exporter', c.images.postgresExporter, PORTS.postgresExporter, {
                // The extra queries the alert rules and dashboards rely on (replication lag, xid age, …).
                args: [`--extend.query-path=${EXPORTER_QUERIES_DIR}/queries.yaml`],
                volumeMounts: [{ name: 'exporter-queries', mountPath: EXPORTER_QUERIES_DIR, readOnly: true }],
                env: [
                  ...plainEnv({
                    DATA_SOURCE_URI: `localhost:${PORTS.postgres}/postgres?sslmode=${c.tls.enabled ? 'require' : 'disable'}`,
                    DATA_SOURCE_USER: 'postgres',
                  }),
                  credentials('DATA_SOURCE_PASS', superuserKey),
                ],
              }),
            ],
            volumes: [
              configMapVolume('config', n.patroniConfigMap, 0o555),
              configMapVolume('exporter-queries', n.postgresExporterQueries, 0o444),
              emptyDir('run'),
              emptyDir('tmp'),
              emptyDir('dshm', 'Memory'),
              ...tlsVolume,
            ],
          },
        },
        volumeClaimTemplates: [volumeClaimTemplate('pgdata', labels(c, 'patroni'), c.postgres.storage)],
      },
    });
  }
}
