// The one retention value turned into the lifecycle every cloud applies, so the clouds cannot drift apart.

/** Days a deleted or overwritten (noncurrent) version survives: room to undo a mistaken delete. */
export const NONCURRENT_GRACE_DAYS = 3;
/** Days before an unfinished multipart upload's parts are dropped (they are invisible but billed). */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 1;

export interface LifecyclePlan {
  expireCurrentAfterDays: number;
  expireNoncurrentAfterDays: number;
  abortIncompleteUploadAfterDays: number;
}

export function lifecyclePlan(retentionDays: number): LifecyclePlan {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error(`retentionDays: expected a whole number of days ≥ 1 (got ${retentionDays})`);
  }
  return {
    expireCurrentAfterDays: retentionDays,
    expireNoncurrentAfterDays: NONCURRENT_GRACE_DAYS,
    abortIncompleteUploadAfterDays: ABORT_INCOMPLETE_UPLOAD_DAYS,
  };
}
