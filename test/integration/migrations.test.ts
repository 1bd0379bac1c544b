import { Client } from 'pg';
import { listMigrations, migrate, migrationStatus } from '../../migrations/runner';
import { createTestDatabase, type TestDatabase } from './helpers/postgres';

const TENANT_TABLES = [
  'organizations',
  'teams',
  'users',
  'team_memberships',
  'incidents',
  'agent_configs',
  'configs',
  'stats',
  'api_keys',
  'audit_events',
  'idempotency_keys',
];
const ENTITY_TABLES = TENANT_TABLES.filter((t) => !['audit_events', 'idempotency_keys'].includes(t));

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  client = new Client({ connectionString: db.ownerUrl });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

const up = () => migrate({ databaseUrl: db.ownerUrl, direction: 'up', target: { all: true } });
const rows = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];

async function schemaObjects(): Promise<string[]> {
  const objects = await rows<{ o: string }>(`
    SELECT 'table:' || tablename AS o FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'pgmigrations'
    UNION ALL SELECT 'type:' || typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' AND t.typtype IN ('e', 'c', 'd') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
    UNION ALL SELECT 'function:' || proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    ORDER BY 1`);
  return objects.map((r) => r.o);
}

describe('migrations', () => {
  it('when applied, then down to base, then up again, then every step succeeds and base leaves nothing behind', async () => {
    expect(await up()).toEqual(listMigrations().map((m) => m.name));
    const full = await schemaObjects();
    expect(full).toEqual(expect.arrayContaining(TENANT_TABLES.map((t) => `table:${t}`)));

    const rolledBack = await migrate({ databaseUrl: db.ownerUrl, direction: 'down', target: { base: true } });
    expect(rolledBack).toEqual(
      listMigrations()
        .map((m) => m.name)
        .reverse(),
    );
    expect(await schemaObjects()).toEqual([]);

    await up();
    expect(await schemaObjects()).toEqual(full);
  });

  it('when migrating to a named migration and back to it, then exactly the later ones move', async () => {
    const [first, second, ...rest] = listMigrations();
    const down = await migrate({ databaseUrl: db.ownerUrl, direction: 'down', target: { to: first!.name } });
    expect(down).toEqual([second, ...rest].reverse().map((m) => m!.name));
    const status = await migrationStatus(db.ownerUrl);
    expect(status.filter((s) => s.runOn).map((s) => s.name)).toEqual([first!.name]);

    expect(await migrate({ databaseUrl: db.ownerUrl, direction: 'up', target: { to: second!.name } })).toEqual([
      second!.name,
    ]);
    expect(await migrate({ databaseUrl: db.ownerUrl, direction: 'down', target: { steps: 1 } })).toEqual([
      second!.name,
    ]);
    await up();
    expect((await migrationStatus(db.ownerUrl)).every((s) => s.runOn)).toBe(true);
  });

  it('when the target migration is unknown, then it says so and changes nothing', async () => {
    await expect(migrate({ databaseUrl: db.ownerUrl, direction: 'down', target: { to: 'nope' } })).rejects.toThrow(
      /unknown migration "nope"/,
    );
    expect((await migrationStatus(db.ownerUrl)).every((s) => s.runOn)).toBe(true);
  });
});

describe('schema invariants', () => {
  beforeAll(up);

  it('every tenant table has row-level security enabled and forced, with a policy', async () => {
    const found = await rows<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
      policies: number;
    }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
       FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'r'`,
      [TENANT_TABLES],
    );
    expect(found.map((r) => r.relname).sort()).toEqual([...TENANT_TABLES].sort());
    for (const table of found) {
      expect(table).toEqual(
        expect.objectContaining({ relrowsecurity: true, relforcerowsecurity: true, policies: expect.any(Number) }),
      );
      expect(table.policies).toBeGreaterThan(0);
    }
  });

  it('every table but the platform tables (migrations log, backup runs) belongs to a tenant: none is left without RLS', async () => {
    const unprotected = await rows<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT rowsecurity ORDER BY 1`,
    );
    expect(unprotected.map((r) => r.tablename)).toEqual(['backup_runs', 'pgmigrations']);
  });

  it('every foreign key has an index whose leading columns are the key', async () => {
    const missing = await rows<{ constraint: string }>(`
      SELECT c.conrelid::regclass || '.' || c.conname AS constraint
      FROM pg_constraint c
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
            AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] @> c.conkey
            AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] <@ c.conkey)`);
    expect(missing).toEqual([]);
    const total = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
    );
    expect(total[0]!.n).toBeGreaterThanOrEqual(15);
  });

  it('uses jsonb and timestamptz only: no json, no timestamp without time zone', async () => {
    const bad = await rows<{ col: string }>(`
      SELECT table_name || '.' || column_name AS col FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'pgmigrations'
        AND data_type IN ('json', 'timestamp without time zone')`);
    expect(bad).toEqual([]);
  });

  it('entity tables carry the common columns', async () => {
    const common = [
      'id',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
      'version',
      'deleted_at',
      'deleted_by',
    ];
    for (const table of ENTITY_TABLES) {
      const cols = await rows<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      const names = cols.map((c) => c.column_name);
      expect({ table, missing: common.filter((c) => !names.includes(c)) }).toEqual({ table, missing: [] });
      if (table !== 'organizations') expect(names).toContain('org_id');
    }
  });

  it('when a row is updated, then the trigger bumps version and updated_at', async () => {
    const [org] = await rows<{ id: string; version: number; updated_at: Date }>(
      `INSERT INTO organizations (name, slug, updated_at) VALUES ('T', 'trigger-test', now() - interval '1 hour')
       RETURNING id, version, updated_at`,
    );
    const [team] = await rows<{ id: string; version: number; updated_at: Date }>(
      `INSERT INTO teams (org_id, name, slug, updated_at) VALUES ($1, 'A', 'a', now() - interval '1 hour')
       RETURNING id, version, updated_at`,
      [org!.id],
    );
    await client.query(`UPDATE teams SET description = 'x' WHERE id = $1`, [team!.id]);
    await client.query(`UPDATE teams SET description = 'y', version = 100 WHERE id = $1`, [team!.id]);
    const [after] = await rows<{ version: number; updated_at: Date }>(
      `SELECT version, updated_at FROM teams WHERE id = $1`,
      [team!.id],
    );
    expect(team!.version).toBe(1);
    // A client cannot set version itself: the trigger always counts from the stored row.
    expect(after!.version).toBe(3);
    expect(after!.updated_at.getTime()).toBeGreaterThan(team!.updated_at.getTime());
  });

  it('when a child row points at a team of another organization, then the composite key refuses it', async () => {
    const [a] = await rows<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('A', 'fk-a') RETURNING id`);
    const [b] = await rows<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('B', 'fk-b') RETURNING id`);
    const [teamB] = await rows<{ id: string }>(
      `INSERT INTO teams (org_id, name, slug) VALUES ($1, 'T', 't') RETURNING id`,
      [b!.id],
    );
    await expect(
      client.query(`INSERT INTO incidents (org_id, team_id, title) VALUES ($1, $2, 'cross-tenant')`, [
        a!.id,
        teamB!.id,
      ]),
    ).rejects.toThrow(/incidents_team_id_fkey/);
  });

  it('when a value is outside an allowed set, then a check constraint refuses it', async () => {
    const [org] = await rows<{ id: string }>(
      `INSERT INTO organizations (name, slug) VALUES ('C', 'check-c') RETURNING id`,
    );
    const [team] = await rows<{ id: string }>(
      `INSERT INTO teams (org_id, name, slug) VALUES ($1, 'T', 't') RETURNING id`,
      [org!.id],
    );
    await expect(
      client.query(`INSERT INTO incidents (org_id, team_id, title, status) VALUES ($1, $2, 'x', 'OPEN')`, [
        org!.id,
        team!.id,
      ]),
    ).rejects.toThrow(/check constraint/);
  });
});
