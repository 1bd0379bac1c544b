import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { providerContract, providerFromEnv } from './contract';
import { startFakeGcs } from './fake-gcs';
import { randomBody, sha256 } from './streams';

const BUCKET = 'backups';

function gcs(endpoint: string, prefix: string, env: Record<string, string> = {}) {
  return providerFromEnv({
    BACKUP_PROVIDER: 'gcs',
    BACKUP_DESTINATION: `gs://${BUCKET}/${prefix}`,
    BACKUP_GCS_ENDPOINT: endpoint,
    ...env,
  });
}

describe('GCS provider on an in-test JSON API server', () => {
  let fake: Awaited<ReturnType<typeof startFakeGcs>>;
  // Google's auth library would look for a metadata server here first: a trip-wire that must stay untouched.
  let metadata: Server;
  const metadataHits: string[] = [];
  beforeAll(async () => {
    fake = await startFakeGcs([BUCKET]);
    metadata = createServer((req, res) => {
      metadataHits.push(req.url ?? '');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    process.env.GCE_METADATA_HOST = `127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
  });
  afterAll(async () => {
    await fake?.close();
    await new Promise((resolve) => metadata?.close(resolve));
  });

  providerContract((prefix) => gcs(fake.url, prefix));

  it('when objects are stored, then the upload is a resumable session sent in 8 MiB chunks', async () => {
    const { body } = randomBody(17 * 1024 * 1024);
    const from = fake.requests.length;

    await gcs(fake.url, 'chunks').put('big', body);

    const calls = fake.requests.slice(from).map((r) => `${r.method} ${r.path}`);
    const upload = `/upload/storage/v1/b/${BUCKET}/o`;
    expect(calls).toEqual([`POST ${upload}`, `PUT ${upload}`, `PUT ${upload}`, `PUT ${upload}`]);
  });

  it('when BACKUP_GCS_KMS_KEY_NAME is set, then the upload session names the key and the object is stored with it', async () => {
    const key = 'projects/p/locations/europe-west1/keyRings/brownie/cryptoKeys/backups';
    const provider = gcs(fake.url, 'kms', { BACKUP_GCS_KMS_KEY_NAME: key });
    const { body, digest } = randomBody(9 * 1024 * 1024);

    await provider.put('big', body);

    const sessions = fake.requests.filter((r) => r.method === 'POST' && r.query.name === 'kms/big');
    expect(sessions.map((r) => r.query.kmsKeyName)).toEqual([key]);
    expect(fake.object(BUCKET, 'kms/big')?.kmsKeyName).toBe(key);
    expect(await sha256(await provider.get('big'))).toBe(digest());
  });

  it('when no KMS key is configured, then the upload session names none', async () => {
    await gcs(fake.url, 'plain').put('small', Readable.from([Buffer.from('x')]));

    const sessions = fake.requests.filter((r) => r.method === 'POST' && r.query.name === 'plain/small');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.query).not.toHaveProperty('kmsKeyName');
  });

  it('when more objects exist than one page holds, then list follows the page tokens', async () => {
    const provider = gcs(fake.url, 'paged');
    for (const key of ['a', 'b', 'c', 'd', 'e']) await provider.put(key, Readable.from([Buffer.from(key)]));

    expect((await provider.list()).map((o) => o.key).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.query.pageToken).length).toBeGreaterThan(0);
  });

  it('when the stored object differs from what was sent, then put rejects and removes it', async () => {
    const provider = gcs(fake.url, 'corrupt-upload');
    fake.corruptNext('upload');

    await expect(provider.put('x', Readable.from([Buffer.from('precious bytes')]))).rejects.toThrow();

    expect(await provider.list()).toEqual([]);
  });

  it('when a download differs from the stored object, then reading the stream fails', async () => {
    const provider = gcs(fake.url, 'corrupt-download');
    await provider.put('x', Readable.from([Buffer.from('precious bytes')]));
    fake.corruptNext('download');

    await expect(sha256(await provider.get('x'))).rejects.toThrow();
  });

  it('when an endpoint is configured, then no metadata server is asked for credentials or a project', () => {
    expect(metadataHits).toEqual([]);
  });
});
