// The `npm start` path for real: a child process on an embedded PostgreSQL 16, migrated and seeded, then SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, stopProcess, waitFor } from './helpers/processes';

jest.setTimeout(90_000);
const root = path.join(__dirname, '..', '..');
const main = path.join(root, 'app', 'src', 'main.ts');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(env: NodeJS.ProcessEnv) {
  const child = spawn(tsx, [main], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return { child, output: () => output };
}

describe('npm start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'brownie-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when DATABASE_URL is unset, then it serves on an embedded database with the demo tenant and stops cleanly', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const { child, output } = run({
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      EMBEDDED_PG_DIR: path.join(dir, 'pg'),
    });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200, 60_000, 'ready');
      expect(output()).toContain('demo login: admin@demo.local');

      const owner = new Client({ connectionString: `postgres://postgres:brownie-local@127.0.0.1:${pgPort}/brownie` });
      await owner.connect();
      const { rows } = await owner.query(
        `SELECT (SELECT count(*)::int FROM pgmigrations) AS migrations, (SELECT slug FROM organizations) AS org,
                (SELECT server_version_num FROM (SELECT current_setting('server_version_num')::int AS server_version_num) v) AS version`,
      );
      await owner.end();
      expect(rows[0]).toEqual({ migrations: expect.any(Number), org: 'demo', version: expect.any(Number) });
      expect(rows[0].migrations).toBeGreaterThanOrEqual(4);
      expect(Math.floor(rows[0].version / 10000)).toBe(16);
    } finally {
      expect(await stopProcess(child, 'SIGTERM')).toBe(0);
    }
    expect(output()).toContain('"msg":"stopped"');
    // The embedded server went down with it.
    const probe = new Client({ connectionString: `postgres://postgres:brownie-local@127.0.0.1:${pgPort}/postgres` });
    await expect(probe.connect()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('when a variable is invalid, then it exits with code 2 naming the variable, before touching anything', async () => {
    const { child, output } = run({ PORT: 'eighty', DB_POOL_MAX: '0' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(output()).toMatch(/PORT: expected a whole number \(got "eighty"\)/);
    expect(output()).toMatch(/DB_POOL_MAX: expected ≥ 1/);
    expect(output()).not.toMatch(/at .*\.ts:\d+/);
  });
});
