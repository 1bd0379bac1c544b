// The demo tenant `npm start` creates on an empty embedded database, so a newcomer has something to log in with.
import { hash } from '@node-rs/argon2';
import { Client } from 'pg';

export const DEMO = {
  organization: 'Demo Organization',
  slug: 'demo',
  team: 'Platform',
  email: 'admin@demo.local',
  username: 'admin',
  password: 'brownie-demo',
} as const;

/** Idempotent: does nothing when the demo organization exists. Returns whether it created it. */
export async function seedDemo(ownerUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const existing = await client.query('SELECT 1 FROM organizations WHERE slug = $1', [DEMO.slug]);
    if (existing.rowCount) {
      await client.query('ROLLBACK');
      return false;
    }
    const passwordHash = await hash(DEMO.password, { algorithm: 2 /* Argon2id; the enum is an ambient const */ });
    const [org] = (
      await client.query<{ id: string }>('INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id', [
        DEMO.organization,
        DEMO.slug,
      ])
    ).rows;
    const [team] = (
      await client.query<{ id: string }>('INSERT INTO teams (org_id, name, slug) VALUES ($1, $2, $3) RETURNING id', [
        org!.id,
        DEMO.team,
        DEMO.team.toLowerCase(),
      ])
    ).rows;
    const [user] = (
      await client.query<{ id: string }>(
        `INSERT INTO users (org_id, email, username, full_name, password_hash, role, is_verified)
         VALUES ($1, $2, $3, 'Demo Admin', $4, 'owner', true) RETURNING id`,
        [org!.id, DEMO.email, DEMO.username, passwordHash],
      )
    ).rows;
    await client.query("INSERT INTO team_memberships (org_id, team_id, user_id, role) VALUES ($1, $2, $3, 'admin')", [
      org!.id,
      team!.id,
      user!.id,
    ]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
