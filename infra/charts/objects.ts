// Kubernetes objects enter a chart typed (kubernetes-models interfaces) and with explicit, stable names.
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
}

/** Adds `object` to `scope` under an id derived from kind and name, so ids are unique and readable. */
export function addObject<T extends KubeObject>(scope: Construct, object: T): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  return new ApiObject(scope, `${kind}-${metadata?.name ?? 'unnamed'}`, {
    apiVersion,
    kind,
    metadata: metadata as never,
    ...rest,
  });
}
