// The backup engine on the local provider against the real PostgreSQL 15: round trip, refusals, retention, drill.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createBackupEngine, type BackupEngine } from '../../../app/src/backup';
import { adminQuery, createTestDatabase, SERVER_URL, type TestDatabase } from '../helpers/postgres';
import { PIN_SESSION, tableStats } from '../../../app/src/backup/table-stats';
import { ageKey, backupConfig, seedEveryTable, snapshotOf, tempDir, type AgeKey } from './fixtures';

jest.setTimeout(120_000);
let source: TestDatabase;
let tmp: ReturnType<typeof tempDir>;
let key: AgeKey;
let engine: BackupEngine;
const store = () => path.join(tmp.dir, 'store');
const dbExists = async (name: string) =>
  ((await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])) as unknown[]).length === 1;
const dropDb = (name: string) => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);

beforeAll(async () => {
  source = await createTestDatabase();
  await seedEveryTable(source.ownerUrl);
  tmp = tempDir('brownie-backup-');
  key = ageKey(tmp.dir);
  engine = createBackupEngine(backupConfig(source.ownerUrl, store(), key), 'test');
});
afterAll(async () => {
  await engine.close();
  await source.drop();
  tmp.remove();
});

async function runsOf(kind: string) {
  const c = new Client({ connectionString: source.ownerUrl });
  await c.connect();
  try {
    return (
      await c.query('SELECT status, name, error, bytes FROM backup_runs WHERE kind = $1 ORDER BY started_at', [kind])
    ).rows;
  } finally {
    await c.end();
  }
}

/** Every table and the migration state of `target` equal the source's. */
async function expectSameAsSource(target: string): Promise<void> {
  const [a, b] = await Promise.all([snapshotOf(source.ownerUrl), snapshotOf(`${SERVER_URL}/${target}`)]);
  // backup_runs differs: the source has recorded this restore since.
  delete a.stats['public.backup_runs'];
  delete b.stats['public.backup_runs'];
  expect(b).toEqual(a);
}

describe('backup and restore', () => {
  it('when backed up and restored into a new database, then every table and the migration state are identical', async () => {
    const manifest = await engine.backup({ name: 'roundtrip' });
    expect(manifest).toEqual(
      expect.objectContaining({
        name: 'roundtrip',
        database: source.name,
        latest_migration: expect.stringMatching(/^\d+_/),
        object: 'roundtrip.dump.age',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        encryption: { scheme: 'age', recipients: [expect.stringMatching(/^sha256:/)] },
      }),
    );
    expect(Object.keys(manifest.tables)).toEqual(
      expect.arrayContaining(['public.incidents', 'public.audit_events', 'public.stats']),
    );
    expect(manifest.tables['public.incidents']!.rows).toBe(300);
    const stored = readFileSync(path.join(store(), 'roundtrip.dump.age'));
    expect(stored.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(stored.length).toBe(manifest.sizes.stored_bytes);

    const target = `${source.name}_restored`;
    try {
      await engine.restore('roundtrip', { targetDb: target });
      await expectSameAsSource(target);
    } finally {
      await dropDb(target);
    }
    expect((await runsOf('backup')).at(-1)).toEqual(
      expect.objectContaining({ status: 'success', name: 'roundtrip', bytes: String(manifest.sizes.stored_bytes) }),
    );
  });

  it('the object is plain age + gzip + pg_dump: the age CLI decrypts it, gunzip inflates it, pg_restore reads it', () => {
    const manifest = JSON.parse(readFileSync(path.join(store(), 'roundtrip.manifest.json'), 'utf8'));
    expect(manifest.archive_compression).toBe('gzip');
    const object = path.join(store(), 'roundtrip.dump.age');
    const listing = execSync(`age -d -i ${key.identityFile} ${object} | gunzip | pg_restore --list`).toString();
    expect(listing).toMatch(/TABLE DATA public incidents/);
    // pg_dump wrote the archive uncompressed: its entries say so, and it is larger than what is stored.
    expect(listing).toMatch(/Compression: 0/);
    expect(manifest.sizes.dump_bytes).toBeGreaterThan(manifest.sizes.stored_bytes);
  });

  it('given a backup from before archive_compression (pg_dump compressed inside the archive), then verify and restore read it', async () => {
    const name = 'legacy-layout';
    const object = path.join(store(), `${name}.dump.age`);
    execSync(`pg_dump -Fc -Z6 -d '${source.ownerUrl}' | age -r ${key.recipient} > ${object}`);
    const bytes = readFileSync(object);
    const m = JSON.parse(readFileSync(path.join(store(), 'roundtrip.manifest.json'), 'utf8'));
    Object.assign(m, { name, object: `${name}.dump.age` });
    delete m.archive_compression;
    m.sizes.stored_bytes = bytes.length;
    m.sha256 = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(path.join(store(), `${name}.manifest.json`), JSON.stringify(m));
    const target = `${source.name}_layout`;
    try {
      expect(await engine.verify(name)).toEqual(expect.objectContaining({ entries: expect.any(Number) }));
      await engine.restore(name, { targetDb: target });
      await expectSameAsSource(target);
    } finally {
      await dropDb(target);
      await engine.delete(name);
    }
  });

  it('with BACKUP_COMPRESSION=0, the archive is stored as pg_dump wrote it and restores', async () => {
    const plain = createBackupEngine(backupConfig(source.ownerUrl, store(), key, { BACKUP_COMPRESSION: '0' }), 'test');
    const target = `${source.name}_uncompressed`;
    try {
      const m = await plain.backup({ name: 'uncompressed' });
      expect(m).toEqual(expect.objectContaining({ archive_compression: 'none', compression: 'none' }));
      const listing = execSync(
        `age -d -i ${key.identityFile} ${path.join(store(), 'uncompressed.dump.age')} | pg_restore --list`,
      ).toString();
      expect(listing).toMatch(/TABLE DATA public incidents/);
      await plain.restore('uncompressed', { targetDb: target });
      expect((await snapshotOf(`${SERVER_URL}/${target}`)).stats['public.incidents']).toEqual(
        m.tables['public.incidents'],
      );
    } finally {
      await dropDb(target);
      await plain.delete('uncompressed').catch(() => undefined);
      await plain.close();
    }
  });

  it('verify downloads, checks, decrypts and lists the archive', async () => {
    expect(await engine.verify('roundtrip')).toEqual(
      expect.objectContaining({ name: 'roundtrip', entries: expect.any(Number) }),
    );
  });

  it.each([
    [
      'a byte of the object is altered',
      (file: string) => {
        const bytes = readFileSync(file);
        const middle = Math.floor(bytes.length / 2);
        bytes[middle] = bytes[middle]! ^ 0xff;
        writeFileSync(file, bytes);
      },
      /failed verification/,
    ],
    ['the object is truncated', (file: string) => truncateSync(file, 1000), /failed verification/],
  ])('when %s, then restore is refused and the target is never created', async (_what, damage, message) => {
    await engine.backup({ name: 'damaged' });
    damage(path.join(store(), 'damaged.dump.age'));
    const target = `${source.name}_damaged`;
    await expect(engine.restore('damaged', { targetDb: target })).rejects.toThrow(message);
    expect(await dbExists(target)).toBe(false);
    await engine.delete('damaged');
  });

  it('when the identity is not one of the recipients, then restore is refused before the target is touched', async () => {
    const other = ageKey(tmp.dir, 'other');
    const wrong = createBackupEngine(
      backupConfig(source.ownerUrl, store(), { ...key, identityFile: other.identityFile }),
      'test',
    );
    const target = `${source.name}_wrongkey`;
    try {
      await expect(wrong.restore('roundtrip', { targetDb: target })).rejects.toThrow(/cannot be decrypted/);
      expect(await dbExists(target)).toBe(false);
    } finally {
      await wrong.close();
    }
  });

  it('when the manifest is missing, then restore says the backup is not found', async () => {
    await engine.backup({ name: 'orphan' });
    writeFileSync(path.join(store(), 'orphan.manifest.json'), '');
    await expect(engine.restore('orphan', { targetDb: 'never_created' })).rejects.toThrow(/not valid|not found/);
    execSync(`rm ${path.join(store(), 'orphan.manifest.json')}`);
    await expect(engine.restore('orphan', { targetDb: 'never_created' })).rejects.toThrow(/not found/);
    expect(await dbExists('never_created')).toBe(false);
    await engine.provider.delete('orphan.dump.age');
  });

  it('when the target has tables, then restore needs force; with force it replaces them', async () => {
    await expect(engine.restore('roundtrip')).rejects.toThrow(/pass --force/);
    const target = `${source.name}_forced`;
    try {
      await engine.restore('roundtrip', { targetDb: target });
      await adminQuery(`DELETE FROM incidents`, [], target);
      await engine.restore('roundtrip', { targetDb: target, force: true });
      expect((await adminQuery('SELECT count(*)::int AS n FROM incidents', [], target))[0]).toEqual({ n: 300 });
    } finally {
      await dropDb(target);
    }
  });

  it('one backup or restore at a time: a second concurrent run is refused as busy', async () => {
    const results = await Promise.allSettled([engine.backup({ name: 'first' }), engine.backup({ name: 'second' })]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toEqual(expect.objectContaining({ exitCode: 5 }));
    for (const name of ['first', 'second']) await engine.delete(name).catch(() => undefined);
  });
});

describe('retention', () => {
  it('deletes backups older than the retention while keeping the newest K; dry-run deletes nothing', async () => {
    const dir = path.join(tmp.dir, 'retention');
    const keeper = createBackupEngine(
      backupConfig(source.ownerUrl, dir, key, { BACKUP_RETENTION_DAYS: '7', BACKUP_KEEP_MIN: '2' }),
      'test',
    );
    try {
      const ages = [30, 20, 10, 3, 1]; // days
      for (const [i, days] of ages.entries()) {
        await keeper.backup({ name: `r${i}` });
        const file = path.join(dir, `r${i}.manifest.json`);
        const m = JSON.parse(readFileSync(file, 'utf8'));
        writeFileSync(
          file,
          JSON.stringify({ ...m, created_at: new Date(Date.now() - days * 86_400_000).toISOString() }),
        );
      }
      const dry = await keeper.cleanup({ dryRun: true });
      expect(dry.deleted.sort()).toEqual(['r0', 'r1', 'r2']);
      expect(readdirSync(dir).filter((f) => f.endsWith('.manifest.json'))).toHaveLength(5);
      const done = await keeper.cleanup();
      expect(done.kept).toEqual(['r4', 'r3']);
      expect(readdirSync(dir).sort()).toEqual(['r3.dump.age', 'r3.manifest.json', 'r4.dump.age', 'r4.manifest.json']);

      // All old: the newest two survive anyway.
      for (const name of ['r3', 'r4']) {
        const file = path.join(dir, `${name}.manifest.json`);
        const m = JSON.parse(readFileSync(file, 'utf8'));
        writeFileSync(
          file,
          JSON.stringify({ ...m, created_at: new Date(Date.now() - 400 * 86_400_000).toISOString() }),
        );
      }
      expect((await keeper.cleanup()).deleted).toEqual([]);
    } finally {
      await keeper.close();
    }
  });
});

describe('restore drill', () => {
  it('restores the newest backup into a scratch database, matches every table, drops it, and records success; a mismatch is recorded as failure', async () => {
    const before = (await adminQuery(
      `SELECT datname FROM pg_database WHERE datname LIKE 'brownie_drill_%'`,
    )) as unknown[];
    const result = await engine.drill();
    expect(result.mismatches).toEqual([]);
    expect(result.tables).toBeGreaterThanOrEqual(12);
    expect(await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'brownie_drill_%'`)).toEqual(before);

    const [newest] = await engine.list();
    const file = path.join(store(), `${newest!.name}.manifest.json`);
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m.tables['public.incidents'].rows = 299;
    writeFileSync(file, JSON.stringify(m));
    await expect(engine.drill()).rejects.toThrow(/tables differ from the manifest: public.incidents/);
    expect((await runsOf('drill')).map((r) => r.status)).toEqual(['success', 'failure']);
  });

  it('given a manifest from before table_checksum (row-text checksums), then the drill recomputes those and passes', async () => {
    await engine.backup({ name: 'zz-legacy-checksums' });
    const target = `${source.name}_legacy`;
    let rowText;
    try {
      await engine.restore('zz-legacy-checksums', { targetDb: target });
      const c = new Client({ connectionString: `${SERVER_URL}/${target}` });
      await c.connect();
      try {
        await c.query(PIN_SESSION);
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        rowText = await tableStats(c, 'row_text');
      } finally {
        await c.end();
      }
    } finally {
      await dropDb(target);
    }
    const file = path.join(store(), 'zz-legacy-checksums.manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    expect(m.table_checksum).toBe('hash_record');
    expect(m.tables['public.incidents']).not.toEqual(rowText['public.incidents']);
    delete m.table_checksum;
    m.tables = rowText;
    writeFileSync(file, JSON.stringify(m));
    await expect(engine.drill()).resolves.toEqual(expect.objectContaining({ mismatches: [] }));
  });
});
