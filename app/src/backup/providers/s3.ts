import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  paginateListObjectsV2,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { BackupConfig } from '../config';
import { BucketLocation, PART_CONCURRENCY, PART_SIZE } from './bucket';
import { ObjectNotFoundError, type BackupProvider, type StoredObject } from './provider';

type S3Config = Pick<
  BackupConfig,
  'BACKUP_DESTINATION' | 'BACKUP_S3_REGION' | 'BACKUP_S3_ENDPOINT' | 'BACKUP_S3_FORCE_PATH_STYLE' | 'BACKUP_KMS_KEY_ID'
>;

/** Amazon S3 or an S3-compatible store. Credentials come from the SDK's default chain (env, profile, IRSA, instance role). */
export class S3Provider implements BackupProvider {
  readonly name = 's3' as const;
  readonly destination: string;
  readonly client: S3Client;
  private readonly location: BucketLocation;
  private readonly encryption: Partial<PutObjectCommandInput>;

  constructor(config: S3Config) {
    this.location = new BucketLocation(config.BACKUP_DESTINATION);
    this.destination = config.BACKUP_DESTINATION;
    this.client = new S3Client({
      region: config.BACKUP_S3_REGION,
      endpoint: config.BACKUP_S3_ENDPOINT,
      forcePathStyle: config.BACKUP_S3_FORCE_PATH_STYLE,
      // Default checksums switch streamed uploads to aws-chunked trailers, which S3-compatible stores mangle;
      // integrity is the engine's job (sha256 in the manifest).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.encryption = config.BACKUP_KMS_KEY_ID
      ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: config.BACKUP_KMS_KEY_ID, BucketKeyEnabled: true }
      : {};
  }

  async put(key: string, body: Readable, options?: { contentType?: string }): Promise<void> {
    // lib-storage aborts the multipart upload on failure, so a failed put leaves no object behind.
    await new Upload({
      client: this.client,
      partSize: PART_SIZE,
      queueSize: PART_CONCURRENCY,
      params: {
        Bucket: this.location.bucket,
        Key: this.location.name(key),
        Body: body,
        ContentType: options?.contentType ?? 'application/octet-stream',
        ...this.encryption,
      },
    }).done();
  }

  async get(key: string): Promise<Readable> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.location.name(key) }),
      );
      if (!(Body instanceof Readable)) throw new Error(`S3 returned no stream for "${key}"`);
      return Body;
    } catch (error) {
      if (error instanceof NoSuchKey) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async list(): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.location.bucket, Prefix: this.location.prefix, Delimiter: '/' },
    );
    for await (const page of pages) {
      for (const { Key, Size, LastModified } of page.Contents ?? []) {
        const key = this.location.key(Key ?? '');
        if (key) objects.push({ key, size: Size ?? 0, lastModified: LastModified ?? new Date(0) });
      }
    }
    return objects;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.location.name(key) }));
  }
}
