// Names the clouds trust or create: the Kubernetes subject of the backup ServiceAccount, and resource names derived
// from the bucket within each cloud's limits.

export const serviceAccountSubject = (namespace: string, serviceAccount: string): string =>
  `system:serviceaccount:${namespace}:${serviceAccount}`;

/** Cloud resource names derived from the bucket name, trimmed to each cloud's limits. */
export function derivedName(bucket: string, suffix: string, maxLength: number, alphanumericOnly = false): string {
  const base = alphanumericOnly ? bucket.replace(/[^a-z0-9]/g, '') : bucket;
  const tail = alphanumericOnly ? suffix.replace(/[^a-z0-9]/g, '') : `-${suffix}`;
  return `${base.slice(0, maxLength - tail.length)}${tail}`;
}
