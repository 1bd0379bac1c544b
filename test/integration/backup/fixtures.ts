// What the backup suites share: an age key pair from Debian's age-keygen, a database with every table populated,
// and a backup configuration for the local provider.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../../app/src/config';
import type { BackupConfig } from '../../../app/src/backup/config';
import { PIN_SESSION, tableStats } from '../../../app/src/backup/table-stats';

export interface AgeKey {
  identityFile: string;
  recipient: string;
}

export function ageKey(dir: string, name = 'key'): AgeKey {
  const identityFile = path.join(dir, `${name}.txt`);
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', identityFile]).toString().trim();
  return { identityFile, recipient };
}

export function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function backupConfig(
  databaseUrl: string,
  destination: string,
  key: AgeKey,
  extra: NodeJS.ProcessEnv = {},
): BackupConfig {
  return loadConfig({
    BACKUP_DATABASE_URL: databaseUrl,
    BACKUP_DESTINATION: destination,
    BACKUP_AGE_RECIPIENTS: key.recipient,
    BACKUP_AGE_IDENTITY_FILE: key.identityFile,
    ...extra,
  });
}

/** One row or more in every table, through SQL as the owner (row-level security does not apply to it). */
export async function seedEveryTable(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`
      WITH o AS (INSERT INTO organizations (name, slug, settings) VALUES ('Seed', 'seed-' || substr(md5(random()::text), 1, 8), '{"tier":"gold"}') RETURNING id),
      t AS (INSERT INTO teams (org_id, name, slug) SELECT id, 'Ops', 'ops' FROM o RETURNING id, org_id),
      u AS (INSERT INTO users (org_id, email, username, full_name, role) SELECT id, 'a@seed.test', 'a', 'Ünïcødé “quoted”', 'owner' FROM o RETURNING id, org_id),
      m AS (INSERT INTO team_memberships (org_id, team_id, user_id, role) SELECT t.org_id, t.id, u.id, 'admin' FROM t, u RETURNING id),
      i AS (INSERT INTO incidents (org_id, team_id, title, description, tags, metadata, assigned_to)
            SELECT t.org_id, t.id, 'Incident ' || g, repeat('text ', g), ARRAY['a', 'b'], jsonb_build_object('n', g, 'f', g / 3.0), u.id
            FROM t, u, generate_series(1, 300) g RETURNING id),
      a AS (INSERT INTO agent_configs (org_id, team_id, name, agent_type, config) SELECT t.org_id, t.id, 'agent', 'monitoring', '{"x":[1,2]}' FROM t RETURNING id),
      cf AS (INSERT INTO configs (org_id, name, config_type, config_yaml) SELECT id, 'cfg', 'alert', E'a: 1\\nb: [2]' FROM o RETURNING id),
      s AS (INSERT INTO stats (org_id, metric_name, metric_type, value, "timestamp", labels)
            SELECT id, 'latency', 'gauge', g * 0.1, now() - g * interval '1 minute', '{"k":"v"}' FROM o, generate_series(1, 200) g RETURNING id),
      k AS (INSERT INTO api_keys (org_id, name, role, prefix, secret_hash) SELECT id, 'k', 'viewer', substr(md5(random()::text), 1, 12), repeat('0', 64) FROM o RETURNING id),
      ae AS (INSERT INTO audit_events (org_id, actor_type, action, entity_type, after) SELECT id, 'system', 'seed', 'organization', '{"x":1}' FROM o RETURNING id)
      INSERT INTO idempotency_keys (org_id, key, method, path, request_hash) SELECT id, 'k1', 'POST', '/v1/x', repeat('a', 64) FROM o`);
  } finally {
    await c.end();
  }
}

/** Every table's row count and checksum, as the drill computes them. */
export async function snapshotOf(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(PIN_SESSION);
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const stats = await tableStats(c, 'hash_record');
    const migrations = (await c.query('SELECT name FROM pgmigrations ORDER BY id')).rows.map((r) => r.name);
    return { stats, migrations };
  } finally {
    await c.end();
  }
}
