// Redis for the API's cache and rate limits: one StatefulSet pod, password from a Secret, the rendered redis.conf,
// a volume only when the preset persists, and redis_exporter beside it.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { headlessName, labels, names, PORTS, selectorLabels, type PlatformConfig } from '../config';
import { METRICS_PORT_NAME, REDIS_PATHS, redisServerArgs, renderRedisConf } from '../render';
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
} from './pod';
import { addServices } from './service';
import { volumeClaimTemplate } from './volume-claim';

export class RedisChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const n = names(c);
    const objectLabels = labels(c, 'redis', c.images.redis.tag);
    const meta = (name: string) => metadata(name, objectLabels);
    const selector = selectorLabels(c, 'redis');
    const password = secretEnv('REDIS_PASSWORD', n.secrets.redis, 'password');
    const persistent = c.redis.persistence !== 'none' && c.redis.storage !== undefined;

    addObject<IConfigMap>(this, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(n.redis),
      data: { 'redis.conf': renderRedisConf(c) },
    });
    addServices(
      this,
      meta,
      n.redis,
      selector,
      [{ name: 'redis', port: PORTS.redis, targetPort: 'redis' }],
      [{ name: METRICS_PORT_NAME, port: PORTS.redisExporter, targetPort: METRICS_PORT_NAME }],
    );
    addObject<IStatefulSet>(this, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(n.redis),
      spec: {
        replicas: 1,
        serviceName: headlessName(n.redis),
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: objectLabels },
          spec: {
            securityContext: podSecurityContext(RUN_AS.redis),
            containers: [
              {
                name: 'redis',
                image: imageRef(c.images.redis),
                command: ['redis-server'],
                args: redisServerArgs(REDIS_PATHS.config),
                env: [password],
                ports: [{ name: 'redis', containerPort: PORTS.redis }],
                livenessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 10 },
                readinessProbe: {
                  exec: {
                    command: ['sh', '-c', 'redis-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'],
                  },
                  periodSeconds: 5,
                },
                resources: resources(c.redis.resources),
                securityContext: containerSecurityContext,
                volumeMounts: [
                  { name: 'config', mountPath: REDIS_PATHS.config, subPath: 'redis.conf' },
                  { name: 'data', mountPath: REDIS_PATHS.data },
                ],
              },
              exporterSidecar('redis-exporter', c.images.redisExporter, PORTS.redisExporter, {
                env: [
                  ...plainEnv({
                    REDIS_ADDR: `redis://localhost:${PORTS.redis}`,
                    REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `:${PORTS.redisExporter}`,
                  }),
                  password,
                ],
              }),
            ],
            volumes: [configMapVolume('config', n.redis), ...(persistent ? [] : [emptyDir('data')])],
          },
        },
        ...(persistent && c.redis.storage
          ? { volumeClaimTemplates: [volumeClaimTemplate('data', labels(c, 'redis'), c.redis.storage)] }
          : {}),
      },
    });
  }
}
