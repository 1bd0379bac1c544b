// The metadata API: Deployment with probes on /health/live and /health/ready, Services, HPA on CPU, PDB.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { labels, names, PORTS, selectorLabels, type PlatformConfig } from '../config';
import { apiEnv, apiImageContainer } from './api-container';
import { addObject } from './objects';
import { emptyDir, metadata, plainEnv, podSecurityContext, resources, RUN_AS, spread } from './pod';
import { addServices } from './service';

export class ApiChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const n = names(c);
    const objectLabels = labels(c, 'api', c.images.api.tag);
    const meta = (name: string) => metadata(name, objectLabels);
    const selector = selectorLabels(c, 'api');

    addServices(this, meta, n.api, selector, [{ name: 'http', port: PORTS.api, targetPort: 'http' }], []);
    addObject<IPodDisruptionBudget>(this, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(n.api),
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    });
    addObject<IHorizontalPodAutoscaler>(this, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(n.api),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: n.api },
        minReplicas: c.api.hpa.minReplicas,
        maxReplicas: c.api.hpa.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: c.api.hpa.targetCpuPercent } },
          },
        ],
      },
    });
    addObject<IDeployment>(this, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(n.api),
      spec: {
        // No replicas: the HPA owns the count (an applied value would reset it on every sync).
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: objectLabels },
          spec: {
            securityContext: podSecurityContext(RUN_AS.api),
            automountServiceAccountToken: false,
            ...spread(c, selector),
            // SHUTDOWN_TIMEOUT_MS (10 s) plus the time endpoints take to drop the pod.
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                ...apiImageContainer(c, 'api'),
                ports: [{ name: 'http', containerPort: PORTS.api }],
                env: [
                  ...plainEnv({ HOST: '0.0.0.0', PORT: String(PORTS.api), GIT_REVISION: c.images.api.tag }),
                  ...apiEnv(c),
                ],
                livenessProbe: {
                  httpGet: { path: '/health/live', port: 'http' },
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                readinessProbe: {
                  httpGet: { path: '/health/ready', port: 'http' },
                  periodSeconds: 5,
                  failureThreshold: 2,
                },
                startupProbe: {
                  httpGet: { path: '/health/live', port: 'http' },
                  periodSeconds: 2,
                  failureThreshold: 30,
                },
                lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
                resources: resources(c.api.resources),
              },
            ],
            volumes: [emptyDir('tmp')],
          },
        },
      },
    });
  }
}
