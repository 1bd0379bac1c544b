// Tenant isolation at the database level alone: the application role, whatever SQL it sends, sees one organization.
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './helpers/postgres';

let db: TestDatabase;
let owner: Client;
let app: Client;
const orgs: Record<'a' | 'b', { id: string; team: string; incident: string }> = {} as never;

async function seedOrg(slug: string) {
  const org = (await owner.query(`INSERT INTO organizations (name, slug) VALUES ($1, $1) RETURNING id`, [slug]))
    .rows[0];
  const team = (
    await owner.query(`INSERT INTO teams (org_id, name, slug) VALUES ($1, 'T', 't') RETURNING id`, [org.id])
  ).rows[0];
  const incident = (
    await owner.query(`INSERT INTO incidents (org_id, team_id, title) VALUES ($1, $2, $3) RETURNING id`, [
      org.id,
      team.id,
      `incident of ${slug}`,
    ])
  ).rows[0];
  await owner.query(
    `INSERT INTO audit_events (org_id, actor_type, action, entity_type, entity_id) VALUES ($1, 'system', 'seed', 'incident', $2)`,
    [org.id, incident.id],
  );
  return { id: org.id as string, team: team.id as string, incident: incident.id as string };
}

/** Runs statements as the application role inside one transaction scoped to `orgId`, then rolls back. */
async function asTenant<T>(orgId: string | null, fn: () => Promise<T>): Promise<T> {
  await app.query('BEGIN');
  try {
    if (orgId) await app.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
    return await fn();
  } finally {
    await app.query('ROLLBACK');
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new Client({ connectionString: db.ownerUrl });
  app = new Client({ connectionString: db.appUrl });
  await Promise.all([owner.connect(), app.connect()]);
  orgs.a = await seedOrg('org-a');
  orgs.b = await seedOrg('org-b');
});
afterAll(async () => {
  await Promise.all([owner.end(), app.end()]);
  await db.drop();
});

describe('row-level security as the application role', () => {
  it('the role the service logs in as cannot bypass row-level security', async () => {
    const { rows } = await app.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("when scoped to org A, then org B's rows are invisible in every table", async () => {
    await asTenant(orgs.a.id, async () => {
      for (const table of ['organizations', 'teams', 'incidents', 'audit_events']) {
        const { rows } = await app.query(`SELECT * FROM ${table}`);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row.org_id ?? row.id).toBe(orgs.a.id);
      }
      const { rows } = await app.query(`SELECT * FROM incidents WHERE id = $1`, [orgs.b.incident]);
      expect(rows).toEqual([]);
    });
  });

  it('when no organization is set, then nothing is visible', async () => {
    await asTenant(null, async () => {
      expect((await app.query(`SELECT * FROM incidents`)).rows).toEqual([]);
      expect((await app.query(`SELECT * FROM organizations`)).rows).toEqual([]);
    });
  });

  it('when scoped to org A, then inserting a row for org B is refused', async () => {
    await asTenant(orgs.a.id, async () => {
      await expect(
        app.query(`INSERT INTO incidents (org_id, team_id, title) VALUES ($1, $2, 'smuggled')`, [
          orgs.b.id,
          orgs.b.team,
        ]),
      ).rejects.toThrow(/row-level security/);
    });
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM incidents WHERE title = 'smuggled'`);
    expect(rows[0].n).toBe(0);
  });

  it("when scoped to org A, then updating or deleting org B's rows touches nothing", async () => {
    await asTenant(orgs.a.id, async () => {
      const updated = await app.query(`UPDATE incidents SET title = 'hijacked' WHERE id = $1`, [orgs.b.incident]);
      const deleted = await app.query(`DELETE FROM incidents WHERE id = $1`, [orgs.b.incident]);
      expect([updated.rowCount, deleted.rowCount]).toEqual([0, 0]);
    });
    const { rows } = await owner.query(`SELECT title FROM incidents WHERE id = $1`, [orgs.b.incident]);
    expect(rows[0].title).toBe('incident of org-b');
  });

  it("when scoped to org A, then moving one of A's rows to org B is refused", async () => {
    await asTenant(orgs.a.id, async () => {
      await expect(app.query(`UPDATE teams SET org_id = $1 WHERE id = $2`, [orgs.b.id, orgs.a.team])).rejects.toThrow(
        /row-level security/,
      );
    });
  });

  it('the audit trail is append-only for the application role', async () => {
    await asTenant(orgs.a.id, async () => {
      await expect(app.query(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/permission denied/);
    });
    await asTenant(orgs.a.id, async () => {
      await expect(app.query(`DELETE FROM audit_events`)).rejects.toThrow(/permission denied/);
    });
  });
});
