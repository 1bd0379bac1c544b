// Default deny, then exactly the flows of DESIGN.md's runtime picture, written once as data: one policy per
// component carries its ingress and its egress.
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { labels, PORTS, selectorLabels, type Component, type PlatformConfig } from '../config';
import { scrapeTargets } from '../render';
import { addObject } from './objects';
import { metadata } from './pod';

/** Outside peers: any pod in the cluster, cluster DNS, anything off-cluster (Kubernetes API, buckets, receivers). */
export type Peer = Component | 'cluster' | 'dns' | 'external' | 'operator-prometheus' | 'gke-metadata';

export interface Flow {
  from: Peer;
  to: Peer;
  ports: number[];
  protocol?: 'TCP' | 'UDP';
}

const workloads = (c: PlatformConfig): Component[] => [
  'patroni',
  'pgbouncer',
  'redis',
  'api',
  'migrations',
  'backup',
  'restore-drill',
  ...(c.monitoring.mode === 'bundled' ? (['prometheus', 'alertmanager', 'grafana'] as const) : []),
];

/** Each flow once (Prometheus both scrapes and alerts Alertmanager on one port). */
const unique = (all: Flow[]): Flow[] => [...new Map(all.map((f) => [JSON.stringify(f), f])).values()];

export function flows(c: PlatformConfig): Flow[] {
  const bundled = c.monitoring.mode === 'bundled';
  const scraper: Peer = bundled ? 'prometheus' : 'operator-prometheus';
  return unique([
    { from: 'cluster', to: 'api', ports: [PORTS.api] },
    { from: 'api', to: 'pgbouncer', ports: [PORTS.pgbouncer] },
    { from: 'api', to: 'redis', ports: [PORTS.redis] },
    { from: 'pgbouncer', to: 'patroni', ports: [PORTS.postgres] },
    // Replication, pg_rewind and member-to-member REST calls.
    { from: 'patroni', to: 'patroni', ports: [PORTS.postgres, PORTS.patroniApi] },
    // Patroni's promotion hooks pause and resume PgBouncer's primary pool (admin console).
    { from: 'patroni', to: 'pgbouncer', ports: [PORTS.pgbouncer] },
    // The Kubernetes API is Patroni's DCS; its address is not a pod, so it can only be matched by IP.
    { from: 'patroni', to: 'external', ports: [443, 6443] },
    // Migrations need the primary itself (advisory lock), never PgBouncer.
    { from: 'migrations', to: 'patroni', ports: [PORTS.postgres] },
    { from: 'backup', to: 'patroni', ports: [PORTS.postgres] },
    { from: 'backup', to: 'external', ports: [443] },
    { from: 'restore-drill', to: 'patroni', ports: [PORTS.postgres] },
    { from: 'restore-drill', to: 'external', ports: [443] },
    // GKE Workload Identity hands out tokens from the node's metadata server, not over 443.
    ...(c.backup.provider === 'gcs'
      ? (['backup', 'restore-drill'] as const).map((from): Flow => ({ from, to: 'gke-metadata', ports: [80, 988] }))
      : []),
    ...scrapeTargets(c).map((t): Flow => ({ from: scraper, to: t.app, ports: [t.portNumber] })),
    ...(bundled
      ? [
          { from: 'prometheus', to: 'alertmanager', ports: [PORTS.alertmanager] },
          { from: 'grafana', to: 'prometheus', ports: [PORTS.prometheus] },
          { from: 'cluster', to: 'grafana', ports: [PORTS.grafana] },
          { from: 'alertmanager', to: 'external', ports: [443] },
        ]
      : []),
    ...workloads(c).flatMap((w): Flow[] => [
      { from: w, to: 'dns', ports: [53], protocol: 'UDP' },
      { from: w, to: 'dns', ports: [53], protocol: 'TCP' },
    ]),
  ] as Flow[]);
}

function peers(c: PlatformConfig, p: Peer): INetworkPolicyPeer[] {
  if (p === 'gke-metadata')
    return [{ ipBlock: { cidr: '169.254.169.254/32' } }, { ipBlock: { cidr: '169.254.169.252/32' } }];
  return [peer(c, p)];
}

function peer(c: PlatformConfig, p: Exclude<Peer, 'gke-metadata'>): INetworkPolicyPeer {
  switch (p) {
    case 'cluster':
      return { namespaceSelector: {} };
    case 'dns':
      return {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      };
    case 'external':
      return { ipBlock: { cidr: '0.0.0.0/0' } };
    case 'operator-prometheus':
      return { namespaceSelector: {}, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } };
    default:
      return { podSelector: { matchLabels: selectorLabels(c, p) } };
  }
}

const rule = (c: PlatformConfig, f: Flow, side: Peer) => ({
  ports: f.ports.map((port) => ({ port, protocol: f.protocol ?? 'TCP' })),
  peers: peers(c, side),
});

export class NetworkPoliciesChart extends Chart {
  constructor(scope: Construct, id: string, c: PlatformConfig, props: ChartProps = {}) {
    super(scope, id, props);
    const all = flows(c);
    addObject<INetworkPolicy>(this, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(`${c.name}-default-deny`, labels(c, 'platform')),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    for (const w of workloads(c)) {
      const ingress = all.filter((f) => f.to === w).map((f) => rule(c, f, f.from));
      const egress = all.filter((f) => f.from === w).map((f) => rule(c, f, f.to));
      addObject<INetworkPolicy>(this, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: metadata(`${c.name}-${w}`, labels(c, w)),
        spec: {
          podSelector: { matchLabels: selectorLabels(c, w) },
          policyTypes: ['Ingress', 'Egress'],
          ingress: ingress.map((r) => ({ from: r.peers, ports: r.ports })),
          egress: egress.map((r) => ({ to: r.peers, ports: r.ports })),
        },
      });
    }
  }
}
