import { IdempotencyStrategy, Storage, type Bucket } from '@google-cloud/storage';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BackupConfig } from '../config';
import { BucketLocation, PART_SIZE } from './bucket';
import { ObjectNotFoundError, type BackupProvider, type StoredObject } from './provider';

/**
 * The client compares its checksum with the one GCS computed, after each upload (a mismatch deletes the object) and
 * on each download. MD5 rather than the library's default CRC32C: its CRC32C is byte-by-byte JavaScript (about
 * 70 MB/s, slower than the backup pipeline), MD5 is native; objects from one upload session always carry an MD5.
 */
const VALIDATION = 'md5';

type GcsConfig = Pick<BackupConfig, 'BACKUP_DESTINATION' | 'BACKUP_GCS_KMS_KEY_NAME' | 'BACKUP_GCS_ENDPOINT'>;

/**
 * Google Cloud Storage. Credentials come from Application Default Credentials (workload identity on GKE). With
 * BACKUP_GCS_ENDPOINT set (an emulator) the library sends no credentials and asks no metadata server for a project.
 */
export class GcsProvider implements BackupProvider {
  readonly name = 'gcs' as const;
  readonly destination: string;
  private readonly location: BucketLocation;
  private readonly bucket: Bucket;
  private readonly kmsKeyName: string | undefined;

  constructor(config: GcsConfig) {
    this.location = new BucketLocation(config.BACKUP_DESTINATION);
    this.destination = config.BACKUP_DESTINATION;
    this.kmsKeyName = config.BACKUP_GCS_KMS_KEY_NAME;
    const storage = new Storage({
      ...(config.BACKUP_GCS_ENDPOINT && { apiEndpoint: config.BACKUP_GCS_ENDPOINT, projectId: 'emulator' }),
      // Uploads rewrite a whole object under its own name, so retrying them is safe; the default retries
      // only uploads carrying a generation precondition.
      retryOptions: { idempotencyStrategy: IdempotencyStrategy.RetryAlways },
    });
    this.bucket = storage.bucket(this.location.bucket);
  }

  async put(key: string, body: Readable, options?: { contentType?: string }): Promise<void> {
    // A resumable session in PART_SIZE chunks: one failed chunk is resent, not the whole backup, and memory stays
    // at one chunk. The object only exists once the last chunk lands.
    const file = this.bucket.file(this.location.name(key), { kmsKeyName: this.kmsKeyName });
    await pipeline(
      body,
      file.createWriteStream({
        resumable: true,
        chunkSize: PART_SIZE,
        validation: VALIDATION,
        contentType: options?.contentType ?? 'application/octet-stream',
      }),
    );
  }

  async get(key: string): Promise<Readable> {
    try {
      // The read stream only reports a missing object once read; ask first, then pin the generation we saw.
      const [metadata] = await this.bucket.file(this.location.name(key)).getMetadata();
      return this.bucket
        .file(this.location.name(key), { generation: metadata.generation })
        .createReadStream({ validation: VALIDATION });
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async list(): Promise<StoredObject[]> {
    const [files] = await this.bucket.getFiles({ prefix: this.location.prefix, delimiter: '/', autoPaginate: true });
    return files.flatMap(({ name, metadata: { size, updated, timeCreated } }) => {
      const key = this.location.key(name);
      return key ? [{ key, size: Number(size ?? 0), lastModified: new Date(updated ?? timeCreated ?? 0) }] : [];
    });
  }

  async delete(key: string): Promise<void> {
    await this.bucket.file(this.location.name(key)).delete({ ignoreNotFound: true });
  }
}
