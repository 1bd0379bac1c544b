import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { buildTestApp, TEST_JWT_SECRET } from '../helpers/app';
import { freePort } from '../helpers/processes';
import { as, PASSWORD, signup, unique, type Tenant } from './helpers';
import { useApi } from './setup';

const env = useApi();
let tenant: Tenant;
const app = () => env.api.app;
beforeAll(async () => {
  tenant = await signup(app());
});

describe('sign-up and log-in', () => {
  it('when signing up, then the caller owns a new organization and administers its first team', async () => {
    const me = await as(app(), tenant.owner).get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(
      expect.objectContaining({
        kind: 'user',
        org_id: tenant.orgId,
        role: 'owner',
        teams: { [tenant.teamId]: 'admin' },
      }),
    );
    const { rows } = await env.owner.query('SELECT password_hash FROM users WHERE id = $1', [tenant.owner.userId]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('when the organization slug is taken, then 409 and no second organization', async () => {
    const res = await request(app()).post('/v1/auth/signup').send({
      email: 'x@y.test',
      password: PASSWORD,
      username: 'other',
      organization_name: 'x',
      organization_slug: tenant.slug,
      team_name: 't',
    });
    expect(res.status).toBe(409);
    const { rows } = await env.owner.query('SELECT count(*)::int AS n FROM organizations WHERE slug = $1', [
      tenant.slug,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('when the password is right, then a JWT with issuer, audience and expiry; when wrong or unknown, then the same 401', async () => {
    const ok = await request(app())
      .post('/v1/auth/login')
      .send({ email: `owner@${tenant.slug}.test`, password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 3600 });
    const claims = JSON.parse(Buffer.from(ok.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toEqual(
      expect.objectContaining({ iss: 'brownie-metadata', aud: 'brownie', sub: tenant.owner.userId, org: tenant.orgId }),
    );
    const wrong = await request(app())
      .post('/v1/auth/login')
      .send({ email: `owner@${tenant.slug}.test`, password: 'wrong password!' });
    const unknown = await request(app())
      .post('/v1/auth/login')
      .send({ email: 'nobody@nowhere.test', password: 'wrong password!' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('when no credential or a bad one is sent, then 401 problem with WWW-Authenticate', async () => {
    const forged = await new SignJWT({ org: tenant.orgId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(tenant.owner.userId)
      .setIssuer('brownie-metadata')
      .setAudience('brownie')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-characters'));
    const expired = await new SignJWT({ org: tenant.orgId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(tenant.owner.userId)
      .setIssuer('brownie-metadata')
      .setAudience('brownie')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    for (const auth of [
      undefined,
      'Bearer',
      'Bearer garbage',
      `Bearer ${forged}`,
      `Bearer ${expired}`,
      'Basic dXNlcjpwYXNz',
    ]) {
      const req = request(app()).get('/v1/incidents');
      const res = auth ? await req.set('authorization', auth) : await req;
      expect({ auth, status: res.status }).toEqual({ auth, status: 401 });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('when the user is deactivated, then their still-valid token stops working', async () => {
    const t = await signup(app());
    const username = unique('u');
    const user = await as(app(), t.owner).post('/v1/users', {
      email: `${username}@x.test`,
      username,
      password: PASSWORD,
    });
    const login = await request(app())
      .post('/v1/auth/login')
      .send({ email: `${username}@x.test`, password: PASSWORD, organization: t.slug });
    expect((await as(app(), login.body.access_token).get('/v1/me')).status).toBe(200);
    await as(app(), t.owner).patch(`/v1/users/${user.body.id}`, { is_active: false });
    expect((await as(app(), login.body.access_token).get('/v1/me')).status).toBe(401);
  });
});

describe('API keys', () => {
  it('when an admin creates a key, then its token is shown once, works, and is stored only as a hash', async () => {
    const created = await as(app(), tenant.owner).post('/v1/api-keys', { name: 'agent', role: 'member' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^bmk_[0-9a-f]{12}_[\w-]{43}$/);
    // The secret is base64url, so it may itself hold "_": take everything after the prefix.
    const secret = created.body.token.replace(/^bmk_[0-9a-f]{12}_/, '');
    const listed = await as(app(), tenant.owner).get('/v1/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const { rows } = await env.owner.query('SELECT secret_hash, prefix FROM api_keys WHERE id = $1', [created.body.id]);
    expect(rows[0].secret_hash).not.toContain(secret);
    const me = await request(app()).get('/v1/me').set('x-api-key', created.body.token);
    expect(me.body).toEqual(
      expect.objectContaining({ kind: 'api_key', id: created.body.id, role: 'member', org_id: tenant.orgId }),
    );
    const wrongSecret = created.body.token.slice(0, -4) + 'AAAA';
    expect((await as(app(), wrongSecret).get('/v1/me')).status).toBe(401);
  });

  it('when a key is revoked, then it stops working at once, and last_used_at was recorded', async () => {
    const created = await as(app(), tenant.owner).post('/v1/api-keys', { name: 'revoke me', role: 'viewer' });
    expect((await as(app(), created.body.token).get('/v1/incidents')).status).toBe(200);
    const { rows } = await env.owner.query('SELECT last_used_at FROM api_keys WHERE id = $1', [created.body.id]);
    expect(rows[0].last_used_at).not.toBeNull();
    expect((await as(app(), tenant.owner).delete(`/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await as(app(), created.body.token).get('/v1/incidents')).status).toBe(401);
  });

  it('when a key has expired, then it is refused', async () => {
    const created = await as(app(), tenant.owner).post('/v1/api-keys', {
      name: 'short-lived',
      role: 'viewer',
      expires_at: new Date(Date.now() + 60_000).toISOString(),
    });
    await env.owner.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      created.body.id,
    ]);
    expect((await as(app(), created.body.token).get('/v1/incidents')).status).toBe(401);
  });
});

describe('RS256 and OIDC', () => {
  let jwks: Server;
  let issuer: string;
  let signOidc: (sub: string) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    jwks = createServer((_req, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => jwks.listen(port, '127.0.0.1', resolve));
    signOidc = (sub) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject(sub)
        .setIssuer(issuer)
        .setAudience('brownie-api')
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(() => new Promise((resolve) => jwks.close(resolve)));

  it('when configured with an RS256 key pair, then tokens are RS256-signed and verified', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = await buildTestApp(env.database.appUrl, {
      env: {
        JWT_SECRET: '',
        JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    try {
      const login = await request(rs.app)
        .post('/v1/auth/login')
        .send({ email: `owner@${tenant.slug}.test`, password: PASSWORD });
      expect(JSON.parse(Buffer.from(login.body.access_token.split('.')[0], 'base64url').toString()).alg).toBe('RS256');
      expect((await as(rs.app, login.body.access_token).get('/v1/me')).status).toBe(200);
      // An HS256 token of the other app is not accepted here.
      expect((await as(rs.app, tenant.owner).get('/v1/me')).status).toBe(401);
    } finally {
      await rs.close();
    }
  });

  it("when OIDC is configured, then the issuer's token maps its subject to the linked user; others are refused", async () => {
    const subject = randomUUID();
    await env.owner.query('UPDATE users SET oidc_provider = $2, oidc_subject = $3 WHERE id = $1', [
      tenant.owner.userId,
      issuer,
      subject,
    ]);
    const oidc = await buildTestApp(env.database.appUrl, {
      env: { OIDC_ISSUER: issuer, OIDC_JWKS_URL: `${issuer}/jwks`, OIDC_AUDIENCE: 'brownie-api' },
    });
    try {
      const me = await as(oidc.app, await signOidc(subject)).get('/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(tenant.owner.userId);
      expect((await as(oidc.app, await signOidc(randomUUID())).get('/v1/me')).status).toBe(401);
    } finally {
      await oidc.close();
    }
  });
});
