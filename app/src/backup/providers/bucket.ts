// What the three bucket providers share: the destination URL and how backup keys map to object names.
import { parseBucketUrl } from '../config';

/** `s3://bucket/prefix` and friends. Keys are flat names, as in the local provider, so one prefix never lists another's objects. */
export class BucketLocation {
  readonly bucket: string;
  readonly prefix: string;

  constructor(readonly url: string) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseBucketUrl(url));
  }

  /** The object name for a key. */
  name(key: string): string {
    if (!key || key.includes('/') || key.includes('\\') || key.startsWith('.')) {
      throw new Error(`invalid object key "${key}"`);
    }
    return this.prefix + key;
  }

  /** The key of a listed object name, or undefined when it lies outside this destination or in a sub-folder. */
  key(name: string): string | undefined {
    const key = name.startsWith(this.prefix) ? name.slice(this.prefix.length) : '';
    return key && !key.includes('/') ? key : undefined;
  }
}

/** Multipart part / resumable chunk / block size: large enough for few requests, small enough to bound memory. */
export const PART_SIZE = 8 * 1024 * 1024;
/** Parts in flight at once; memory stays near PART_SIZE × PART_CONCURRENCY whatever the backup's size. */
export const PART_CONCURRENCY = 4;
