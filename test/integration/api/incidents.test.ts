import { INCIDENT_STATUSES, TRANSITIONS } from '../../../app/src/resources/incidents';
import { addUser, as, signup, type Tenant } from './helpers';
import { useApi } from './setup';

const env = useApi();
let tenant: Tenant;
const app = () => env.api.app;
const owner = () => as(app(), tenant.owner);
const newIncident = async (body: object = {}) => {
  const res = await owner().post('/v1/incidents', { team_id: tenant.teamId, title: 'Checkout latency', ...body });
  expect(res.status).toBe(201);
  return res.body;
};

beforeAll(async () => {
  tenant = await signup(app());
});

describe('incidents', () => {
  it('when created, then 201 with Location and ETag, stored with the caller as creator and an audit row', async () => {
    const res = await owner().post('/v1/incidents', {
      team_id: tenant.teamId,
      title: 'Queue backlog',
      priority: 'critical',
      tags: ['queue'],
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/incidents/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 'open',
        priority: 'critical',
        tags: ['queue'],
        created_by: tenant.owner.userId,
      }),
    );
    const { rows } = await env.owner.query('SELECT org_id, title FROM incidents WHERE id = $1', [res.body.id]);
    expect(rows).toEqual([{ org_id: tenant.orgId, title: 'Queue backlog' }]);
    const audit = await env.owner.query(
      `SELECT action, actor_id, after->>'title' AS title, request_id FROM audit_events WHERE entity_id = $1`,
      [res.body.id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'incident.create',
        actor_id: tenant.owner.userId,
        title: 'Queue backlog',
        request_id: expect.any(String),
      },
    ]);
  });

  it.each(
    INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const)),
  )('state machine: %s → %s is allowed exactly when the table says so', async (from, to) => {
    const incident = await newIncident();
    await env.owner.query('UPDATE incidents SET status = $2 WHERE id = $1', [incident.id, from]);
    const res = await owner().patch(`/v1/incidents/${incident.id}`, { status: to });
    if (TRANSITIONS[from].includes(to)) {
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
    } else {
      expect(res.status).toBe(409);
      expect(res.body).toEqual(
        expect.objectContaining({
          type: expect.stringContaining('invalid-transition'),
          allowed: [...TRANSITIONS[from]],
        }),
      );
      const { rows } = await env.owner.query('SELECT status FROM incidents WHERE id = $1', [incident.id]);
      expect(rows[0].status).toBe(from);
    }
  });

  it('transitions set the timestamps and the response and resolution minutes from creation', async () => {
    const incident = await newIncident();
    await env.owner.query(`UPDATE incidents SET created_at = now() - interval '90 minutes' WHERE id = $1`, [
      incident.id,
    ]);
    const started = await owner().patch(`/v1/incidents/${incident.id}`, { status: 'in_progress' });
    expect(started.body).toEqual(
      expect.objectContaining({ started_at: expect.any(String), response_time_minutes: 90 }),
    );
    const resolved = await owner().patch(`/v1/incidents/${incident.id}`, { status: 'resolved' });
    expect(resolved.body).toEqual(
      expect.objectContaining({ resolved_at: expect.any(String), resolution_time_minutes: 90 }),
    );
    const reopened = await owner().patch(`/v1/incidents/${incident.id}`, { status: 'open' });
    expect(reopened.body).toEqual(expect.objectContaining({ resolved_at: null, resolution_time_minutes: null }));
    const metrics = await as(app(), tenant.owner).get('/metrics');
    expect(metrics.text).toMatch(/brownie_incident_resolution_minutes_count\{priority="medium"\} [1-9]/);
  });

  it('when If-Match is stale, then 412 with the current ETag and nothing changes', async () => {
    const incident = await newIncident();
    const first = await owner().patch(`/v1/incidents/${incident.id}`, { title: 'renamed' }).set('if-match', '"1"');
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await owner().patch(`/v1/incidents/${incident.id}`, { title: 'lost update' }).set('if-match', '"1"');
    expect(stale.status).toBe(412);
    expect(stale.headers.etag).toBe('"2"');
    const del = await owner().delete(`/v1/incidents/${incident.id}`).set('if-match', '"1"');
    expect(del.status).toBe(412);
    const { rows } = await env.owner.query('SELECT title, version, deleted_at FROM incidents WHERE id = $1', [
      incident.id,
    ]);
    expect(rows[0]).toEqual({ title: 'renamed', version: 2, deleted_at: null });
  });

  it('when two writers race with the same If-Match, then exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const incident = await newIncident();
      const results = await Promise.all(
        ['a', 'b'].map((w) =>
          owner()
            .patch(`/v1/incidents/${incident.id}`, { title: `writer ${w}` })
            .set('if-match', '"1"'),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const { rows } = await env.owner.query('SELECT title, version FROM incidents WHERE id = $1', [incident.id]);
      expect(rows[0]).toEqual({ title: winner.body.title, version: 2 });
    }
  });

  it('when deleted, then it is gone from reads and lists, admins can still see it, and restore brings it back', async () => {
    const incident = await newIncident({ title: 'to delete' });
    expect((await owner().delete(`/v1/incidents/${incident.id}`)).status).toBe(204);
    expect((await owner().get(`/v1/incidents/${incident.id}`)).status).toBe(404);
    expect((await owner().get('/v1/incidents?limit=200')).body.items.map((i: { id: string }) => i.id)).not.toContain(
      incident.id,
    );
    const withDeleted = await owner().get(`/v1/incidents/${incident.id}?include_deleted=true`);
    expect(withDeleted.body.deleted_by).toBe(tenant.owner.userId);
    const member = await addUser(app(), tenant, 'member', 'member');
    expect((await as(app(), member).get(`/v1/incidents?include_deleted=true`)).status).toBe(403);
    const restored = await owner().post(`/v1/incidents/${incident.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deleted_at).toBeNull();
    const audit = await env.owner.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY at, id`, [
      incident.id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['incident.create', 'incident.delete', 'incident.restore']);
  });

  it('filters by status, priority, tag and text search', async () => {
    const marker = `zebra${Date.now()}`;
    const a = await newIncident({ title: `${marker} payment outage`, priority: 'critical', tags: [marker] });
    await newIncident({ title: 'unrelated', description: `mentions ${marker}`, priority: 'low' });
    const q = await owner().get(`/v1/incidents?q=${marker}%20payment`);
    expect(q.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const byTag = await owner().get(`/v1/incidents?tag=${marker}&priority=critical&status=open`);
    expect(byTag.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect((await owner().get(`/v1/incidents?q=${marker}`)).body.items).toHaveLength(2);
  });

  it('pages with a cursor: no duplicates and no gaps while rows are being inserted', async () => {
    const fresh = await signup(app());
    const api = as(app(), fresh.owner);
    const before: string[] = [];
    for (let i = 0; i < 25; i++)
      before.push((await api.post('/v1/incidents', { team_id: fresh.teamId, title: `row ${i}` })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = 0;
    do {
      const res: { status: number; body: { items: { id: string }[]; next_cursor: string | null } } = await api.get(
        `/v1/incidents?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.next_cursor;
      await api.post('/v1/incidents', { team_id: fresh.teamId, title: `concurrent ${inserted++}` });
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id)).sort()).toEqual([...before].sort());
  });

  it('when the cursor or limit is malformed, then 400 naming the field', async () => {
    const badCursor = await owner().get('/v1/incidents?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const badLimit = await owner().get('/v1/incidents?limit=500');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });

  it("when the team belongs to another organization, then the incident is refused and another org's incident is a 404", async () => {
    const other = await signup(app());
    const res = await owner().post('/v1/incidents', { team_id: other.teamId, title: 'smuggled' });
    expect(res.status).toBe(422);
    const theirs = (await as(app(), other.owner).post('/v1/incidents', { team_id: other.teamId, title: 'theirs' }))
      .body;
    for (const r of [
      await owner().get(`/v1/incidents/${theirs.id}`),
      await owner().patch(`/v1/incidents/${theirs.id}`, { title: 'mine now' }),
      await owner().delete(`/v1/incidents/${theirs.id}`),
    ]) {
      expect(r.status).toBe(404);
    }
    const { rows } = await env.owner.query('SELECT title, deleted_at FROM incidents WHERE id = $1', [theirs.id]);
    expect(rows[0]).toEqual({ title: 'theirs', deleted_at: null });
  });
});
