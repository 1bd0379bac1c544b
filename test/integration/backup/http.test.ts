// Operator endpoints: /backup/* and /test-alert, reachable only with the operator credential.
import path from 'node:path';
import request from 'supertest';
import { createBackupEngine, type BackupEngine } from '../../../app/src/backup';
import { buildTestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/processes';
import { as, signup } from '../api/helpers';
import { ageKey, backupConfig, tempDir } from './fixtures';

jest.setTimeout(60_000);
const TOKEN = 'operator-token-with-at-least-32-characters';
let database: TestDatabase;
let tmp: ReturnType<typeof tempDir>;
let engine: BackupEngine;
let ctx: Awaited<ReturnType<typeof buildTestApp>>;
const op = (r: request.Test) => r.set('authorization', `Bearer ${TOKEN}`);

beforeAll(async () => {
  database = await createTestDatabase();
  tmp = tempDir('brownie-ophttp-');
  engine = createBackupEngine(backupConfig(database.ownerUrl, path.join(tmp.dir, 'store'), ageKey(tmp.dir)), 'api');
  ctx = await buildTestApp(database.appUrl, { operator: { token: TOKEN, backups: engine } });
});
afterAll(async () => {
  await ctx.close();
  await engine.close();
  await database.drop();
  tmp.remove();
});

const waitForRun = async (id: string) => {
  let run: { status: string } = { status: 'running' };
  await waitFor(
    async () => {
      run = (await op(request(ctx.app).get(`/backup/runs/${id}`))).body;
      return run.status !== 'running';
    },
    30_000,
    `run ${id}`,
  );
  return run;
};

describe('operator endpoints', () => {
  it('run-now answers 202 with a run id, one run at a time, and the run is listed once it succeeds', async () => {
    const [first, second] = await Promise.all([
      op(request(ctx.app).post('/backup/run-now')).send({ name: 'via-http' }),
      op(request(ctx.app).post('/backup/create')).send({ name: 'concurrent' }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([202, 409]);
    const accepted = first.status === 202 ? first : second;
    expect(accepted.headers.location).toBe(`/backup/runs/${accepted.body.id}`);
    expect(await waitForRun(accepted.body.id)).toEqual(
      expect.objectContaining({ status: 'success', kind: 'backup', triggered_by: 'api' }),
    );
    const list = await op(request(ctx.app).get('/backup/list'));
    expect(list.body.items.map((b: { name: string }) => b.name)).toHaveLength(1);
    const status = await op(request(ctx.app).get('/backup/status'));
    expect(status.body).toEqual(
      expect.objectContaining({
        provider: 'local',
        backups: 1,
        running: [],
        last_backup: expect.objectContaining({ status: 'success' }),
      }),
    );
  });

  it('the backup metrics come from the recorded runs', async () => {
    const text = (await request(ctx.app).get('/metrics')).text;
    expect(text).toMatch(/brownie_backup_total\{result="success"\} 1/);
    expect(text).toMatch(/brownie_backup_last_success_timestamp_seconds \d{10}/);
    expect(text).toMatch(/brownie_backup_size_bytes [1-9]\d*/);
  });

  it('restore, cleanup (dry run) and delete; bad input is a 4xx problem', async () => {
    const [newest] = (await op(request(ctx.app).get('/backup/list'))).body.items;
    const restore = await op(request(ctx.app).post('/backup/restore')).send({
      name: newest.name,
      target_db: `${database.name}_http`,
    });
    expect(restore.status).toBe(202);
    expect(await waitForRun(restore.body.id)).toEqual(expect.objectContaining({ status: 'success' }));
    await (await import('../helpers/postgres')).adminQuery(`DROP DATABASE "${database.name}_http" WITH (FORCE)`);
    expect((await op(request(ctx.app).post('/backup/restore')).send({ name: 'missing' })).status).toBe(404);
    expect((await op(request(ctx.app).post('/backup/restore')).send({ name: 5 })).status).toBe(400);
    expect((await op(request(ctx.app).post('/backup/cleanup')).send({ dry_run: true })).body).toEqual(
      expect.objectContaining({ dryRun: true, deleted: [] }),
    );
    expect((await op(request(ctx.app).delete(`/backup/${newest.name}`))).status).toBe(204);
    expect((await op(request(ctx.app).get('/backup/list'))).body.items).toEqual([]);
  });

  it('tenant credentials never reach them: no token 401, a tenant owner or admin API key 403', async () => {
    const tenant = await signup(ctx.app);
    const key = (await as(ctx.app, tenant.owner).post('/v1/api-keys', { name: 'admin key', role: 'admin' })).body.token;
    for (const path of ['/backup/status', '/backup/list', '/test-alert']) {
      expect((await request(ctx.app).get(path)).status).toBe(401);
      expect((await as(ctx.app, tenant.owner).get(path)).status).toBe(403);
      expect((await as(ctx.app, key).get(path)).status).toBe(403);
    }
    expect((await as(ctx.app, tenant.owner).post('/backup/run-now')).status).toBe(403);
  });

  it('when no operator token is configured, then the operator routes do not exist', async () => {
    const plain = await buildTestApp(database.appUrl);
    try {
      expect((await request(plain.app).get('/backup/status').set('authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('GET /test-alert raises brownie_test_alert_active for the given minutes', async () => {
    expect((await request(ctx.app).get('/metrics')).text).toMatch(/brownie_test_alert_active 0/);
    const res = await op(request(ctx.app).get('/test-alert?minutes=1'));
    expect(res.status).toBe(200);
    expect((await request(ctx.app).get('/metrics')).text).toMatch(/brownie_test_alert_active 1/);
    expect((await op(request(ctx.app).get('/test-alert?minutes=999'))).status).toBe(400);
  });
});
