// The namespace, enforcing the restricted Pod Security Standard every workload here is built to meet.
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import { labels, type PlatformConfig } from '../config';
import { addObject } from './objects';

export class NamespaceChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig) {
    super(scope, id, { disableResourceNameHashes: true });
    addObject<INamespace>(this, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: c.namespace,
        labels: {
          ...labels(c, 'platform'),
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
  }
}
