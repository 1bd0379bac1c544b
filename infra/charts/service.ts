// A unit's Services: the ClusterIP clients use and the headless one whose per-pod SRV records Prometheus discovers.
import type { Construct } from 'constructs';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServicePort } from 'kubernetes-models/v1/ServicePort';
import { headlessName } from '../config';
import { addObject } from './objects';

export function addServices(
  scope: Construct,
  meta: (name: string) => { name: string; labels: Record<string, string> },
  name: string,
  selector: Record<string, string>,
  clientPorts: IServicePort[],
  scrapePorts: IServicePort[],
): void {
  addObject<IService>(scope, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: { type: 'ClusterIP', selector, ports: clientPorts },
  });
  addObject<IService>(scope, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(headlessName(name)),
    spec: { clusterIP: 'None', selector, ports: [...clientPorts, ...scrapePorts] },
  });
}
