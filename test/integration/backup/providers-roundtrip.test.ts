// The whole backup → restore round trip on every provider: the real PostgreSQL 15 with every table populated, S3 on
// s3rver, Azure Blob on Azurite, GCS on the in-test server; every table and the migration state must match.
import { BlobServiceClient } from '@azure/storage-blob';
import { createBackupEngine } from '../../../app/src/backup';
import { loadConfig } from '../../../app/src/config';
import { startFakeGcs } from '../backup-providers/fake-gcs';
import { azuriteConnectionString, startAzurite, startS3rver } from '../backup-providers/emulators';
import { adminQuery, createTestDatabase, SERVER_URL, type TestDatabase } from '../helpers/postgres';
import { ageKey, seedEveryTable, snapshotOf, tempDir, type AgeKey } from './fixtures';

jest.setTimeout(120_000);
let source: TestDatabase;
let tmp: ReturnType<typeof tempDir>;
let key: AgeKey;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  source = await createTestDatabase();
  await seedEveryTable(source.ownerUrl);
  tmp = tempDir('brownie-roundtrip-');
  key = ageKey(tmp.dir);
  // The SDKs' default credential chains find these first; the emulators accept any.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  process.env.GCE_METADATA_HOST = '127.0.0.1:9';
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await source.drop();
  tmp.remove();
});

const providers: [string, () => Promise<Record<string, string>>][] = [
  ['local', async () => ({ BACKUP_PROVIDER: 'local', BACKUP_DESTINATION: `${tmp.dir}/local` })],
  [
    's3 (s3rver)',
    async () => {
      const s3 = await startS3rver('backups');
      stops.push(s3.stop);
      return {
        BACKUP_PROVIDER: 's3',
        BACKUP_DESTINATION: 's3://backups/brownie',
        BACKUP_S3_REGION: 'us-east-1',
        BACKUP_S3_ENDPOINT: `http://127.0.0.1:${s3.port}`,
        BACKUP_S3_FORCE_PATH_STYLE: 'true',
      };
    },
  ],
  [
    'azure (Azurite)',
    async () => {
      const azurite = await startAzurite();
      stops.push(azurite.stop);
      const connection = azuriteConnectionString(`http://127.0.0.1:${azurite.port}`);
      await BlobServiceClient.fromConnectionString(connection).getContainerClient('backups').create();
      return {
        BACKUP_PROVIDER: 'azure',
        BACKUP_DESTINATION: 'azure://backups/brownie',
        BACKUP_AZURE_CONNECTION_STRING: connection,
      };
    },
  ],
  [
    'gcs (in-test server)',
    async () => {
      const gcs = await startFakeGcs(['backups']);
      stops.push(() => gcs.close());
      return { BACKUP_PROVIDER: 'gcs', BACKUP_DESTINATION: 'gs://backups/brownie', BACKUP_GCS_ENDPOINT: gcs.url };
    },
  ],
];

describe.each(providers)('round trip on %s', (provider, start) => {
  it('when backed up and restored into a new database, then every table and the migration state match', async () => {
    const engine = createBackupEngine(
      loadConfig({
        ...(await start()),
        BACKUP_DATABASE_URL: source.ownerUrl,
        BACKUP_AGE_RECIPIENTS: key.recipient,
        BACKUP_AGE_IDENTITY_FILE: key.identityFile,
      }),
      'test',
    );
    const target = `${source.name}_${provider.split(' ')[0]}`;
    try {
      const manifest = await engine.backup({ name: `roundtrip-${provider.split(' ')[0]}` });
      expect((await engine.list()).map((b) => b.name)).toEqual([manifest.name]);
      await engine.restore(manifest.name, { targetDb: target });
      const [a, b] = await Promise.all([snapshotOf(source.ownerUrl), snapshotOf(`${SERVER_URL}/${target}`)]);
      delete a.stats['public.backup_runs'];
      delete b.stats['public.backup_runs'];
      expect(b).toEqual(a);
      expect(b.stats['public.incidents']!.rows).toBe(300);
    } finally {
      await engine.close();
      await adminQuery(`DROP DATABASE IF EXISTS "${target}" WITH (FORCE)`);
    }
  });
});
