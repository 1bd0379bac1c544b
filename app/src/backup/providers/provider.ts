// One interface for every place backups are kept; one file per provider, chosen in ./index.ts.
import type { Readable } from 'node:stream';

export const PROVIDERS = ['local', 's3', 'gcs', 'azure'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface StoredObject {
  /** Relative to the destination prefix, e.g. `brownie-20261203T020000Z.dump.age`. */
  key: string;
  size: number;
  lastModified: Date;
}

export interface BackupProvider {
  readonly name: ProviderName;
  /** Where objects go, for humans: `/var/backups/brownie`, `s3://bucket/prefix`, `gs://…`, `azure://container/prefix`. */
  readonly destination: string;
  /** Streams `body` to `key` without holding it in memory; resolves once the object is stored. */
  put(key: string, body: Readable, options?: { contentType?: string }): Promise<void>;
  /** A stream of the object; rejects with ObjectNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /** Every object under the destination, in no particular order. */
  list(): Promise<StoredObject[]>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no object "${key}" in the backup destination`);
    this.name = 'ObjectNotFoundError';
  }
}
