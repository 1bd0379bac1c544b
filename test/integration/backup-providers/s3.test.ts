import { Readable } from 'node:stream';
import { providerContract, providerFromEnv } from './contract';
import { startS3rver, type Emulator } from './emulators';
import { startRecordingProxy } from './recording-proxy';
import { randomBody, sha256 } from './streams';

const BUCKET = 'backups';

function s3(endpoint: string, prefix: string, env: Record<string, string> = {}) {
  return providerFromEnv({
    BACKUP_PROVIDER: 's3',
    BACKUP_DESTINATION: `s3://${BUCKET}/${prefix}`,
    BACKUP_S3_REGION: 'us-east-1',
    BACKUP_S3_ENDPOINT: endpoint,
    BACKUP_S3_FORCE_PATH_STYLE: 'true',
    ...env,
  });
}

describe('S3 provider on s3rver', () => {
  let s3rver: Emulator;
  let endpoint: string;
  beforeAll(async () => {
    // The SDK's default chain finds these first; s3rver accepts any key.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    s3rver = await startS3rver(BUCKET);
    endpoint = `http://127.0.0.1:${s3rver.port}`;
  }, 30_000);
  afterAll(() => s3rver?.stop());

  providerContract((prefix) => s3(endpoint, prefix));

  describe('with BACKUP_KMS_KEY_ID', () => {
    const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const SSE_HEADERS = {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': KEY,
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
    };
    let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
    beforeEach(async () => {
      proxy = await startRecordingProxy(s3rver);
    });
    afterEach(() => proxy.close());
    /** The requests that create objects: PutObject and CreateMultipartUpload (parts inherit the upload's settings). */
    const creating = () =>
      proxy.requests.filter(
        (r) => (r.method === 'PUT' && !r.url.includes('partNumber=')) || /[?&]uploads(=|&|$)/.test(r.url),
      );

    it('when a multipart and a single-part object are put, then both creating requests ask for SSE-KMS with a bucket key', async () => {
      const provider = s3(proxy.url, 'kms', { BACKUP_KMS_KEY_ID: KEY });
      const { body, digest } = randomBody(17 * 1024 * 1024);

      await provider.put('big', body);
      await provider.put('small', Readable.from([Buffer.from('x')]));

      expect(creating().map((r) => [r.method, r.url.replace(/\?.*/, '')])).toEqual([
        ['POST', `/${BUCKET}/kms/big`],
        ['PUT', `/${BUCKET}/kms/small`],
      ]);
      for (const request of creating()) expect(request.headers).toMatchObject(SSE_HEADERS);
      expect(proxy.requests.filter((r) => r.url.includes('partNumber=')).length).toBe(3);
      expect(await sha256(await provider.get('big'))).toBe(digest());
    });

    it('when no KMS key is configured, then no SSE header is sent', async () => {
      await s3(proxy.url, 'plain').put('small', Readable.from([Buffer.from('x')]));

      expect(creating()).toHaveLength(1);
      expect(Object.keys(creating()[0]!.headers).filter((h) => h.startsWith('x-amz-server-side-encryption'))).toEqual(
        [],
      );
    });
  });
});
