// Bad input driven by the OpenAPI document: every operation gets wrong types, missing fields, huge strings, odd
// unicode, SQL fragments, malformed JSON, oversized bodies, bad UUIDs and bad cursors. Never a 5xx; every 4xx is a
// problem+json; a refused request writes nothing.
import request from 'supertest';
import { signup, type Tenant } from './helpers';
import { useApi } from './setup';

jest.setTimeout(120_000);
const env = useApi();
let tenant: Tenant;
let doc: { paths: Record<string, Record<string, Operation>> };

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}

const NASTY_STRINGS = [
  'x'.repeat(100_000),
  "'; DROP TABLE incidents; --",
  '💥\u0000\uFFFF\u202E',
  '../../etc/passwd',
  ' ',
];
const BAD_IDS = ['not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g', '%F0%9F%92%A5'];

function wrongValue(schema: Schema): unknown[] {
  const type = schema.type ?? schema.anyOf?.map((s) => s.type).flat()[0];
  switch (Array.isArray(type) ? type[0] : type) {
    case 'string':
      return [12345, true, {}, ...NASTY_STRINGS];
    case 'number':
    case 'integer':
      return ['12', 1e308, -1e308, 1.5, null, []];
    case 'boolean':
      return ['yes', 0, null];
    case 'array':
      return [{}, 'a,b', Array.from({ length: 1000 }, () => 'x')];
    case 'object':
      return ['{}', [], { nested: 'x'.repeat(70_000) }];
    default:
      return [null, 'x'.repeat(100_000)];
  }
}

function bodyVariants(schema: Schema): { label: string; body: unknown }[] {
  const out: { label: string; body: unknown }[] = [
    { label: 'empty object', body: {} },
    { label: 'array body', body: [] },
    { label: 'unknown field', body: { surprise: 1 } },
  ];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    for (const value of wrongValue(prop))
      out.push({ label: `${name}=${JSON.stringify(value)?.slice(0, 30)}`, body: { [name]: value } });
  }
  return out;
}

async function writes(): Promise<number> {
  const { rows } = await env.owner.query(
    `SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM idempotency_keys) + (SELECT count(*) FROM incidents) AS n`,
  );
  return Number(rows[0].n);
}

beforeAll(async () => {
  tenant = await signup(env.api.app);
  doc = (await request(env.api.app).get('/openapi.json')).body;
});

it('when any operation gets hostile input, then no 5xx, every 4xx is problem+json, and refusals write nothing', async () => {
  const failures: string[] = [];
  let sent = 0;
  const send = async (method: string, url: string, body?: unknown, raw?: string) => {
    const before = await writes();
    let req = request(env.api.app)[method as 'get'](url).set('authorization', `Bearer ${tenant.owner.token}`);
    if (raw !== undefined) req = req.set('content-type', 'application/json').send(raw);
    else if (body !== undefined) req = req.send(body as object);
    const res = await req;
    sent++;
    const where = `${method.toUpperCase()} ${url.slice(0, 80)} ${raw !== undefined ? '(raw)' : JSON.stringify(body)?.slice(0, 60)}`;
    if (res.status >= 500) failures.push(`${where} → ${res.status} ${res.text.slice(0, 200)}`);
    if (res.status >= 400 && res.status < 500) {
      if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
        failures.push(`${where} → ${res.status} not problem+json`);
      if (res.body?.status !== res.status) failures.push(`${where} → problem body status ${res.body?.status}`);
      if ((await writes()) !== before) failures.push(`${where} → ${res.status} but something was written`);
    }
  };

  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      const concrete = (id: string) => path.replace(/\{\w+\}/g, id);
      const url = concrete(tenant.teamId);
      for (const id of BAD_IDS) await send(method, concrete(encodeURIComponent(id)));
      if (pathParams.length) await send(method, concrete('5e9d1c2a-0000-4000-8000-000000000000'));
      for (const q of (op.parameters ?? []).filter((p) => p.in === 'query')) {
        for (const value of ['', '-1', 'abc', 'x'.repeat(5000), "' OR 1=1 --", '💥']) {
          await send(method, `${url}?${q.name}=${encodeURIComponent(value)}`);
        }
      }
      const schema = op.requestBody?.content['application/json'].schema;
      if (schema) {
        for (const v of bodyVariants(schema)) await send(method, url, v.body);
        await send(method, url, undefined, '{"title": "unterminated');
        await send(method, url, undefined, JSON.stringify({ title: 'x'.repeat(2_000_000) }));
      }
    }
  }
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(500);
});
