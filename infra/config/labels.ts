// The app.kubernetes.io label set every object carries; selectors use it without `version`, so an upgrade never
// orphans pods from their Services.
import type { PlatformConfig } from './schema';

export type Component =
  | 'patroni'
  | 'pgbouncer'
  | 'redis'
  | 'api'
  | 'migrations'
  | 'backup'
  | 'restore-drill'
  | 'prometheus'
  | 'alertmanager'
  | 'grafana'
  | 'platform';

export function selectorLabels(c: PlatformConfig, component: Component): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/instance': c.name };
}

export function labels(c: PlatformConfig, component: Component, version?: string): Record<string, string> {
  return {
    ...selectorLabels(c, component),
    'app.kubernetes.io/part-of': 'brownie',
    'app.kubernetes.io/managed-by': 'cdk8s',
    ...(version ? { 'app.kubernetes.io/version': version } : {}),
  };
}
