import request from 'supertest';
import { as, signup, type Tenant } from './helpers';
import { useApi } from './setup';

const env = useApi();
let tenant: Tenant;
const app = () => env.api.app;
const post = (key: string, body: object) =>
  request(app())
    .post('/v1/incidents')
    .set('authorization', `Bearer ${tenant.owner.token}`)
    .set('idempotency-key', key)
    .send(body);
const count = async (title: string) =>
  (await env.owner.query('SELECT count(*)::int AS n FROM incidents WHERE title = $1', [title])).rows[0].n as number;

beforeAll(async () => {
  tenant = await signup(app());
});

describe('Idempotency-Key', () => {
  it('when a POST is retried with the same key and body, then the stored response is replayed and one row exists', async () => {
    const body = { team_id: tenant.teamId, title: 'idem-replay' };
    const first = await post('key-replay', body);
    const second = await post('key-replay', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers.location).toBe(first.headers.location);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('idem-replay')).toBe(1);
  });

  it('when the same key comes with a different body, then 422 and nothing is created', async () => {
    await post('key-mismatch', { team_id: tenant.teamId, title: 'idem-a' });
    const res = await post('key-mismatch', { team_id: tenant.teamId, title: 'idem-b' });
    expect(res.status).toBe(422);
    expect(res.body.type).toContain('idempotency-key-reused');
    expect(await count('idem-b')).toBe(0);
  });

  it('when retries arrive while the first is still running, then they get 409 or the replay, and one row exists', async () => {
    const body = { team_id: tenant.teamId, title: 'idem-concurrent' };
    const results = await Promise.all(Array.from({ length: 6 }, () => post('key-concurrent', body)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const r of results.filter((x) => x.status === 409)) expect(r.headers['retry-after']).toBe('1');
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
    expect(await count('idem-concurrent')).toBe(1);
  });

  it('when the first attempt fails, then the key is released and a corrected retry runs', async () => {
    const missingTeam = { team_id: '00000000-0000-4000-8000-000000000000', title: 'idem-failed' };
    expect((await post('key-failed', missingTeam)).status).toBe(422);
    const again = await post('key-failed', missingTeam);
    expect(again.status).toBe(422);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    const corrected = await post('key-failed', { ...missingTeam, team_id: tenant.teamId });
    expect(corrected.status).toBe(201);
    expect(await count('idem-failed')).toBe(1);
  });

  it('keys are per organization and expire after 24 hours', async () => {
    const other = await signup(app());
    const mine = await post('key-shared', { team_id: tenant.teamId, title: 'idem-mine' });
    const theirs = await as(app(), other.owner)
      .post('/v1/incidents', { team_id: other.teamId, title: 'idem-theirs' })
      .set('idempotency-key', 'key-shared');
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    const { rows } = await env.owner.query(
      `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM idempotency_keys WHERE key = 'key-shared' LIMIT 1`,
    );
    expect(rows[0].ttl).toBe(24 * 3600);
    await env.owner.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'key-shared' AND org_id = $1`,
      [tenant.orgId],
    );
    const afterExpiry = await post('key-shared', { team_id: tenant.teamId, title: 'idem-mine' });
    expect(afterExpiry.status).toBe(201);
    expect(afterExpiry.body.id).not.toBe(mine.body.id);
  });

  it('when the key is malformed, then 400', async () => {
    expect((await post('x'.repeat(300), { team_id: tenant.teamId, title: 'idem-long' })).status).toBe(400);
  });
});
