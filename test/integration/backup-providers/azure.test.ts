import { BlobServiceClient } from '@azure/storage-blob';
import { Readable } from 'node:stream';
import { providerContract, providerFromEnv } from './contract';
import { azuriteConnectionString, startAzurite, type Emulator } from './emulators';
import { startRecordingProxy } from './recording-proxy';
import { randomBody, sha256 } from './streams';

const CONTAINER = 'backups';

function azure(blobEndpoint: string, prefix: string, env: Record<string, string> = {}) {
  return providerFromEnv({
    BACKUP_PROVIDER: 'azure',
    BACKUP_DESTINATION: `azure://${CONTAINER}/${prefix}`,
    BACKUP_AZURE_CONNECTION_STRING: azuriteConnectionString(blobEndpoint),
    ...env,
  });
}

describe('Azure provider on Azurite', () => {
  let azurite: Emulator;
  let endpoint: string;
  beforeAll(async () => {
    azurite = await startAzurite();
    endpoint = `http://127.0.0.1:${azurite.port}`;
    await BlobServiceClient.fromConnectionString(azuriteConnectionString(endpoint))
      .getContainerClient(CONTAINER)
      .create();
  }, 30_000);
  afterAll(() => azurite?.stop());

  providerContract((prefix) => azure(endpoint, prefix));

  it('when neither an account URL nor a connection string is set, then building the provider fails naming both', () => {
    expect(() => providerFromEnv({ BACKUP_PROVIDER: 'azure', BACKUP_DESTINATION: `azure://${CONTAINER}/x` })).toThrow(
      /BACKUP_AZURE_ACCOUNT_URL or BACKUP_AZURE_CONNECTION_STRING/,
    );
  });

  describe('with BACKUP_AZURE_ENCRYPTION_SCOPE', () => {
    let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
    beforeEach(async () => {
      proxy = await startRecordingProxy(azurite);
    });
    afterEach(() => proxy.close());
    /** Staged blocks, the block-list commit and single-shot uploads: every request that writes data. */
    const writes = () => proxy.requests.filter((r) => r.method === 'PUT');

    it('when a multi-block and a small blob are put, then every write names the encryption scope', async () => {
      const provider = azure(proxy.url, 'scoped', { BACKUP_AZURE_ENCRYPTION_SCOPE: 'backups-cmk' });
      const { body, digest } = randomBody(17 * 1024 * 1024);

      await provider.put('big', body);
      await provider.put('small', Readable.from([Buffer.from('x')]));

      expect(writes().filter((r) => r.url.includes('comp=block&')).length).toBe(3 + 1);
      expect(writes().filter((r) => r.url.includes('comp=blocklist')).length).toBe(2);
      for (const request of writes()) expect(request.headers['x-ms-encryption-scope']).toBe('backups-cmk');
      expect(await sha256(await provider.get('big'))).toBe(digest());
    });

    it('when no encryption scope is configured, then no write names one', async () => {
      await azure(proxy.url, 'plain').put('small', Readable.from([Buffer.from('x')]));

      expect(writes().length).toBeGreaterThan(0);
      expect(writes().filter((r) => 'x-ms-encryption-scope' in r.headers)).toEqual([]);
    });
  });
});
