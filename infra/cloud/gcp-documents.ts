// GCS lifecycle rules and IAM members for the GCP backup storage, as plain functions tested without mocks.
import type { LifecyclePlan } from './lifecycle';

/** GCS lifecycle: delete live objects at the retention (they turn noncurrent), then noncurrent ones after the grace. */
export function gcsLifecycleRules(plan: LifecyclePlan) {
  return [
    { action: { type: 'Delete' }, condition: { age: plan.expireCurrentAfterDays, withState: 'LIVE' } },
    { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: plan.expireNoncurrentAfterDays } },
    {
      action: { type: 'AbortIncompleteMultipartUpload' },
      condition: { age: plan.abortIncompleteUploadAfterDays },
    },
  ];
}

/** The Kubernetes ServiceAccount as a GKE Workload Identity principal of the project's pool. */
export const workloadIdentityMember = (project: string, namespace: string, serviceAccount: string): string =>
  `serviceAccount:${project}.svc.id.goog[${namespace}/${serviceAccount}]`;

/** Google service account ids: 6–30 characters, a lowercase letter first. */
export function serviceAccountId(bucket: string): string {
  const id = `${bucket.replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, '')}`.slice(0, 30).replace(/-+$/, '');
  if (id.length < 6) throw new Error(`bucket: "${bucket}" gives no valid Google service account id`);
  return id;
}

/** Seconds between Cloud KMS key rotations, in the API's duration format. */
export const rotationPeriod = (days: number): string => `${days * 86_400}s`;
