// The manifest's table checksums: hash_record by default, the row text where a column type has no hash function,
// sensitive to any changed value, and computed in the caller's snapshot even when a table falls back.
import { Client } from 'pg';
import { tableStats, PIN_SESSION, type ChecksumMethod } from '../../../app/src/backup/table-stats';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { seedEveryTable } from './fixtures';

jest.setTimeout(60_000);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedEveryTable(db.ownerUrl);
  await sql(`CREATE TABLE geometry_notes (id int PRIMARY KEY, at point, doc json);
             INSERT INTO geometry_notes SELECT g, point(g, g), json_build_object('g', g) FROM generate_series(1, 50) g`);
});
afterAll(() => db.drop());

async function sql(text: string): Promise<void> {
  const c = new Client({ connectionString: db.ownerUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function stats(method: ChecksumMethod) {
  const c = new Client({ connectionString: db.ownerUrl });
  await c.connect();
  try {
    await c.query(PIN_SESSION);
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return await tableStats(c, method);
  } finally {
    await c.end();
  }
}

describe('tableStats', () => {
  it('given hashable columns, then hash_record is used (it differs from the row-text sum) with the same row counts', async () => {
    const [hashed, text] = await Promise.all([stats('hash_record'), stats('row_text')]);
    expect(Object.keys(hashed)).toEqual(Object.keys(text));
    expect(hashed['public.incidents']!.rows).toBe(300);
    expect(hashed['public.incidents']!.rows).toBe(text['public.incidents']!.rows);
    expect(hashed['public.incidents']!.checksum).not.toBe(text['public.incidents']!.checksum);
  });

  it('given a table with a point and a json column (no hash function), then that table falls back to the row text and the rest still count', async () => {
    const [hashed, text] = await Promise.all([stats('hash_record'), stats('row_text')]);
    expect(hashed['public.geometry_notes']).toEqual(text['public.geometry_notes']);
    expect(hashed['public.geometry_notes']!.rows).toBe(50);
    // Tables measured after the fallback are still in the same (live) transaction.
    expect(hashed['public.stats']!.rows).toBe(text['public.stats']!.rows);
    expect(hashed['public.stats']!.rows).toBeGreaterThan(0);
  });

  it.each<ChecksumMethod>(['hash_record', 'row_text'])(
    'given one changed value and the same row count, then the %s checksum changes',
    async (method) => {
      const before = await stats(method);
      await sql(`UPDATE incidents SET title = title || '!' WHERE id = (SELECT id FROM incidents ORDER BY id LIMIT 1)`);
      const after = await stats(method);
      expect(after['public.incidents']!.rows).toBe(before['public.incidents']!.rows);
      expect(after['public.incidents']!.checksum).not.toBe(before['public.incidents']!.checksum);
      expect(after['public.teams']).toEqual(before['public.teams']);
    },
  );
});
