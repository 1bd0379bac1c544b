// The backup CLI as operators and the CronJob run it: real child processes, exit codes and output.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, SERVER_URL, adminQuery, type TestDatabase } from '../helpers/postgres';
import { stopProcess, waitFor } from '../helpers/processes';
import { ageKey, seedEveryTable, tempDir, type AgeKey } from './fixtures';

jest.setTimeout(120_000);
const root = path.join(__dirname, '..', '..', '..');
let source: TestDatabase;
let tmp: ReturnType<typeof tempDir>;
let key: AgeKey;
let env: NodeJS.ProcessEnv;

function cli(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    [path.join(root, 'app/src/cli/backup.ts'), ...args],
    {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, ...extra },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}
const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => cli(args, extra).done;

beforeAll(async () => {
  source = await createTestDatabase();
  await seedEveryTable(source.ownerUrl);
  tmp = tempDir('brownie-cli-');
  key = ageKey(tmp.dir);
  env = {
    BACKUP_DATABASE_URL: source.ownerUrl,
    BACKUP_DESTINATION: path.join(tmp.dir, 'store'),
    BACKUP_AGE_RECIPIENTS: key.recipient,
    BACKUP_AGE_IDENTITY_FILE: key.identityFile,
  };
});
afterAll(async () => {
  await source.drop();
  await adminQuery(`DROP DATABASE IF EXISTS "${source.name}_cli" WITH (FORCE)`);
  tmp.remove();
});

describe('backup CLI', () => {
  it('backup, list, verify, restore, status and delete work end to end with exit code 0', async () => {
    const backup = await run(['backup', '--name', 'nightly', '--json']);
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.stdout)).toEqual(expect.objectContaining({ name: 'nightly', object: 'nightly.dump.age' }));

    const list = await run(['list']);
    expect(list).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringMatching(/^nightly\t/) }));
    const verify = await run(['verify', 'nightly']);
    expect(verify).toEqual(
      expect.objectContaining({ code: 0, stdout: expect.stringMatching(/nightly: ok \(\d+ archive entries\)/) }),
    );

    const restore = await run(['restore', 'nightly', '--target-db', `${source.name}_cli`]);
    expect(restore).toEqual(expect.objectContaining({ code: 0, stdout: `restored nightly into ${source.name}_cli\n` }));
    const status = await run(['status']);
    expect(status.stdout).toMatch(/backups: 1, newest: nightly/);
    expect(status.stdout).toMatch(/\trestore\tsuccess\tnightly/);

    expect((await run(['cleanup', '--dry-run'])).stdout).toMatch(/kept 1, would delete 0/);
    expect((await run(['delete', 'nightly'])).code).toBe(0);
    expect((await run(['list'])).stdout).toBe('no backups\n');
  });

  it.each([
    ['an unknown backup', ['restore', 'nope'], {}, 3, /backup "nope" not found/],
    ['a bad name', ['backup', '--name', '../escape'], {}, 2, /must be 1-200 of/],
    ['no recipients', ['backup'], { BACKUP_AGE_RECIPIENTS: '' }, 2, /BACKUP_AGE_RECIPIENTS: required/],
    [
      'a malformed recipient',
      ['list'],
      { BACKUP_AGE_RECIPIENTS: 'age1nope' },
      2,
      /BACKUP_AGE_RECIPIENTS: expected age X25519 recipients/,
    ],
    ['a bad schedule', ['list'], { BACKUP_SCHEDULE: 'every night' }, 2, /BACKUP_SCHEDULE: expected a cron expression/],
    [
      'a cloud provider with a directory',
      ['list'],
      { BACKUP_PROVIDER: 's3' },
      2,
      /BACKUP_DESTINATION: for BACKUP_PROVIDER=s3 expected s3:\/\/bucket/,
    ],
  ])(
    'when given %s, then it exits with its code and a message naming the problem',
    async (_what, args, extra, code, message) => {
      const result = await run(args, extra as NodeJS.ProcessEnv);
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('schedule fires on a short cron, records the run, and stops cleanly on SIGTERM', async () => {
    const { child, done } = cli(['schedule'], {
      BACKUP_SCHEDULE: '*/2 * * * * *',
      RESTORE_DRILL_SCHEDULE: '0 0 1 1 *',
    });
    const c = new Client({ connectionString: `${SERVER_URL}/${source.name}` });
    await c.connect();
    try {
      await waitFor(
        async () =>
          (
            await c.query(
              `SELECT 1 FROM backup_runs WHERE kind = 'backup' AND status = 'success' AND triggered_by = 'schedule'`,
            )
          ).rowCount! > 0,
        30_000,
        'a scheduled backup',
      );
    } finally {
      await c.end();
    }
    expect(await stopProcess(child, 'SIGTERM')).toBe(0);
    expect((await done).stderr).toMatch(/backup: done/);
  });
});
