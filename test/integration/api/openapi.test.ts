import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { as, signup } from './helpers';
import { useApi } from './setup';

jest.setTimeout(60_000);
const env = useApi();
const root = path.join(__dirname, '..', '..', '..');

describe('OpenAPI document and docs page', () => {
  it('the document is OpenAPI 3.1, lists every route, and passes `redocly lint`', async () => {
    const res = await request(env.api.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/incidents',
        '/v1/incidents/{id}',
        '/v1/incidents/{id}/restore',
        '/v1/teams/{teamId}/members/{userId}',
        '/v1/stats/aggregate',
        '/v1/auth/login',
      ]),
    );
    const create = res.body.paths['/v1/incidents'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['team_id', 'title']),
    );
    expect(create.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');

    const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(res.body));
      const { stdout, stderr } = await promisify(execFile)(
        path.join(root, 'node_modules', '.bin', 'redocly'),
        ['lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'stylish'],
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      ).catch((error: { stdout: string; stderr: string }) => {
        throw new Error(`redocly lint failed:\n${error.stdout}\n${error.stderr}`);
      });
      expect(`${stdout}${stderr}`).toMatch(/valid/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a request breaks the documented schema, then the same schema refuses it', async () => {
    const t = await signup(env.api.app);
    const res = await as(env.api.app, t.owner).post('/v1/incidents', {
      team_id: t.teamId,
      title: 'x',
      priority: 'urgent',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'priority' })]);
  });

  it('/docs serves a page and its assets from the package, no CDN', async () => {
    const page = await request(env.api.app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/openapi.json');
    expect(page.text).not.toMatch(/https?:\/\//);
    const asset = await request(env.api.app).get('/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect(asset.text.length).toBeGreaterThan(100_000);
  });
});
