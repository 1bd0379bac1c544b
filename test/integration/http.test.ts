// The skeleton's HTTP behaviour against a real database: info, problem bodies, request ids, metrics.
import request from 'supertest';
import { buildTestApp } from './helpers/app';
import { createTestDatabase, type TestDatabase } from './helpers/postgres';

let database: TestDatabase;
let ctx: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = await buildTestApp(database.appUrl);
});
afterAll(async () => {
  await ctx.close();
  await database.drop();
});

describe('service skeleton', () => {
  it('GET / describes the service', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({ name: 'brownie-metadata-api', version: 'test', revision: 'test' }),
    );
  });

  it('when the route is unknown, then the answer is a problem+json 404', async () => {
    const res = await request(ctx.app).get('/v1/nothing-here?x=1');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 404,
        title: 'Not Found',
        type: expect.stringContaining('not-found'),
        instance: '/v1/nothing-here?x=1',
      }),
    );
  });

  it('when the body is malformed JSON, then the answer is a problem+json 400, not a 500', async () => {
    const res = await request(ctx.app).post('/anything').set('content-type', 'application/json').send('{"a": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toContain('malformed-json');
  });

  it('when the body is larger than the limit, then the answer is a problem+json 413', async () => {
    const res = await request(ctx.app)
      .post('/anything')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ big: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.body.status).toBe(413);
  });

  it('when a sane X-Request-Id is given, then it is echoed; otherwise one is generated', async () => {
    const given = await request(ctx.app).get('/health/live').set('x-request-id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const hostile = await request(ctx.app).get('/nope').set('x-request-id', 'bad id\twith spaces');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hostile.body.requestId).toBe(hostile.headers['x-request-id']);
  });

  it('/metrics labels requests by route template, never by raw path, and reports pools and queries', async () => {
    await request(ctx.app).get('/health/ready');
    await request(ctx.app).get('/some/raw/path/123');
    const res = await request(ctx.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/brownie_http_requests_total\{method="GET",route="\/health\/ready",status="200"\} \d+/);
    expect(res.text).toMatch(/brownie_http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]\d*/);
    expect(res.text).not.toContain('/some/raw/path');
    expect(res.text).toMatch(
      /brownie_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health\/ready"/,
    );
    expect(res.text).toMatch(/brownie_db_queries_total\{pool="primary",outcome="ok"\} [1-9]/);
    expect(res.text).toMatch(/brownie_db_pool_connections\{pool="primary",state="total"\} [1-9]/);
    expect(res.text).toMatch(/brownie_process_resident_memory_bytes \d+/);
    expect(res.text).toMatch(/brownie_build_info\{version="test",revision="test"\} 1/);
  });
});
