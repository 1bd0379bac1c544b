// PgBouncer in front of Patroni: ≥ 2 replicas spread over nodes, a PDB, the rendered pgbouncer.ini, the auth file
// written at start from a Secret (auth_query does the rest), and pgbouncer_exporter beside it.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { labels, names, PORTS, selectorLabels, type PlatformConfig } from '../config';
import {
  kubernetesPgbouncerEndpoints,
  METRICS_PORT_NAME,
  PGBOUNCER_AUTH_FILE_SCRIPT,
  PGBOUNCER_PATHS,
  renderPgbouncerIni,
} from '../render';
import { addObject } from './objects';
import {
  configMapVolume,
  containerSecurityContext,
  emptyDir,
  exporterSidecar,
  imageRef,
  metadata,
  plainEnv,
  podSecurityContext,
  resources,
  RUN_AS,
  secretEnv,
  sidecarResources,
  spread,
} from './pod';
import { addServices } from './service';

export class PgbouncerChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const n = names(c);
    const objectLabels = labels(c, 'pgbouncer', c.pgbouncer.version);
    const meta = (name: string) => metadata(name, objectLabels);
    const selector = selectorLabels(c, 'pgbouncer');
    const authPassword = secretEnv('PGBOUNCER_AUTH_PASSWORD', n.secrets.pgbouncerAuth, 'password');

    addObject<IConfigMap>(this, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(n.pgbouncer),
      data: { 'pgbouncer.ini': renderPgbouncerIni(c, kubernetesPgbouncerEndpoints(c)) },
    });
    addServices(
      this,
      meta,
      n.pgbouncer,
      selector,
      [{ name: 'pgbouncer', port: PORTS.pgbouncer, targetPort: 'pgbouncer' }],
      [{ name: METRICS_PORT_NAME, port: PORTS.pgbouncerExporter, targetPort: METRICS_PORT_NAME }],
    );
    addObject<IPodDisruptionBudget>(this, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(n.pgbouncer),
      spec: { minAvailable: 1, selector: { matchLabels: selector } },
    });

    const authMount = { name: 'auth', mountPath: PGBOUNCER_PATHS.authFile.replace(/\/[^/]+$/, '') };
    addObject<IDeployment>(this, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(n.pgbouncer),
      spec: {
        replicas: c.pgbouncer.replicas,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: objectLabels },
          spec: {
            securityContext: podSecurityContext(RUN_AS.pgbouncer),
            ...spread(c, selector),
            initContainers: [
              {
                name: 'auth-file',
                image: imageRef(c.images.pgbouncer),
                command: ['sh', '-c', PGBOUNCER_AUTH_FILE_SCRIPT],
                env: [
                  ...plainEnv({
                    PGBOUNCER_AUTH_USER: c.pgbouncer.authUser,
                    PGBOUNCER_AUTH_FILE: PGBOUNCER_PATHS.authFile,
                  }),
                  authPassword,
                ],
                resources: resources(sidecarResources),
                securityContext: containerSecurityContext,
                volumeMounts: [authMount],
              },
            ],
            containers: [
              {
                name: 'pgbouncer',
                image: imageRef(c.images.pgbouncer),
                command: ['pgbouncer', PGBOUNCER_PATHS.config],
                ports: [{ name: 'pgbouncer', containerPort: PORTS.pgbouncer }],
                livenessProbe: { tcpSocket: { port: 'pgbouncer' }, periodSeconds: 10 },
                readinessProbe: { tcpSocket: { port: 'pgbouncer' }, periodSeconds: 5 },
                // Finish in-flight transactions before the pod goes (SIGINT is PgBouncer's safe shutdown).
                lifecycle: { preStop: { exec: { command: ['sh', '-c', 'kill -INT 1 && sleep 20'] } } },
                resources: resources(c.pgbouncer.resources),
                securityContext: containerSecurityContext,
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/pgbouncer/pgbouncer.ini', subPath: 'pgbouncer.ini' },
                  { ...authMount, readOnly: true },
                ],
              },
              exporterSidecar('pgbouncer-exporter', c.images.pgbouncerExporter, PORTS.pgbouncerExporter, {
                args: [
                  `--pgBouncer.connectionString=postgres://${c.pgbouncer.authUser}:$(PGBOUNCER_AUTH_PASSWORD)@localhost:${PORTS.pgbouncer}/pgbouncer?sslmode=disable`,
                  `--web.listen-address=:${PORTS.pgbouncerExporter}`,
                ],
                env: [authPassword],
              }),
            ],
            terminationGracePeriodSeconds: 30,
            volumes: [configMapVolume('config', n.pgbouncer), emptyDir('auth', 'Memory')],
          },
        },
      },
    });
  }
}
