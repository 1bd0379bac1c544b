import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import { Readable } from 'node:stream';
import type { BackupConfig } from '../config';
import { BucketLocation, PART_CONCURRENCY, PART_SIZE } from './bucket';
import { ObjectNotFoundError, type BackupProvider, type StoredObject } from './provider';

type AzureConfig = Pick<
  BackupConfig,
  'BACKUP_DESTINATION' | 'BACKUP_AZURE_ACCOUNT_URL' | 'BACKUP_AZURE_CONNECTION_STRING' | 'BACKUP_AZURE_ENCRYPTION_SCOPE'
>;

/** Azure Blob Storage: a connection string when given, else the account URL with DefaultAzureCredential (workload identity on AKS). */
export class AzureProvider implements BackupProvider {
  readonly name = 'azure' as const;
  readonly destination: string;
  private readonly location: BucketLocation;
  private readonly container: ContainerClient;
  private readonly encryptionScope: string | undefined;

  constructor(config: AzureConfig) {
    this.location = new BucketLocation(config.BACKUP_DESTINATION);
    this.destination = config.BACKUP_DESTINATION;
    this.encryptionScope = config.BACKUP_AZURE_ENCRYPTION_SCOPE;
    let service: BlobServiceClient;
    if (config.BACKUP_AZURE_CONNECTION_STRING) {
      service = BlobServiceClient.fromConnectionString(config.BACKUP_AZURE_CONNECTION_STRING);
    } else if (config.BACKUP_AZURE_ACCOUNT_URL) {
      service = new BlobServiceClient(config.BACKUP_AZURE_ACCOUNT_URL, new DefaultAzureCredential());
    } else {
      throw new Error('BACKUP_AZURE_ACCOUNT_URL or BACKUP_AZURE_CONNECTION_STRING: set one for BACKUP_PROVIDER=azure');
    }
    this.container = service.getContainerClient(this.location.bucket);
  }

  async put(key: string, body: Readable, options?: { contentType?: string }): Promise<void> {
    // Blocks are staged in parallel and only become a blob when the block list is committed: a failed put leaves none.
    await this.container.getBlockBlobClient(this.location.name(key)).uploadStream(body, PART_SIZE, PART_CONCURRENCY, {
      blobHTTPHeaders: { blobContentType: options?.contentType ?? 'application/octet-stream' },
      encryptionScope: this.encryptionScope,
    });
  }

  async get(key: string): Promise<Readable> {
    try {
      // maxRetryRequests resumes a broken download from the last byte received instead of failing the restore.
      const { readableStreamBody } = await this.container
        .getBlobClient(this.location.name(key))
        .download(0, undefined, { maxRetryRequests: 5 });
      if (!(readableStreamBody instanceof Readable)) throw new Error(`Azure returned no stream for "${key}"`);
      return readableStreamBody;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async list(): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    for await (const item of this.container.listBlobsByHierarchy('/', { prefix: this.location.prefix })) {
      const key = item.kind === 'blob' ? this.location.key(item.name) : undefined;
      if (key && item.kind === 'blob') {
        objects.push({ key, size: item.properties.contentLength ?? 0, lastModified: item.properties.lastModified });
      }
    }
    return objects;
  }

  async delete(key: string): Promise<void> {
    await this.container.getBlobClient(this.location.name(key)).deleteIfExists();
  }
}
