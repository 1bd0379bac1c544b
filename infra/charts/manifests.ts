// Plain YAML for kubectl, Argo CD or Flux: one multi-document file per deployable unit plus a kustomization.yaml
// listing them in apply order.
import type { PlatformConfig } from '../config';
import { toYaml } from '../render';
import type { MonitoringInputs } from './monitoring-inputs';
import { platformObjects } from './platform';

/** File name → content, deterministic for a given config and inputs. */
export function manifestFiles(c: PlatformConfig, inputs: MonitoringInputs): Record<string, string> {
  const units = platformObjects(c, inputs).filter((u) => u.objects.length > 0);
  const files: Record<string, string> = {};
  for (const { unit, objects } of units) files[`${unit}.yaml`] = objects.map((o) => toYaml(o)).join('---\n');
  files['kustomization.yaml'] = toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: units.map((u) => `${u.unit}.yaml`),
  });
  return files;
}
