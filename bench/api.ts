// Benchmark: the API beside the same SQL run directly through the same kind of pool at the same concurrency.
// Prints req/s, p50 and p99 for each, and the ratio API ÷ direct. Loopback only; bounded in time.
//   npm run bench:api [-- --seconds 10 --connections 20]
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { Client } from 'pg';
import pino from 'pino';
import { createApp } from '../app/src/app';
import { createTokenService } from '../app/src/auth/tokens';
import { loadConfig } from '../app/src/config';
import { Database, type Queryable } from '../app/src/db/database';
import { createMetrics } from '../app/src/metrics';
import { findRow, insertRow, listRows } from '../app/src/repositories/entities';
import { incidentsResource } from '../app/src/resources/incidents';
import { migrate } from '../migrations/runner';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 8);
const CONNECTIONS = arg('connections', 20);
const SERVER = 'postgres://postgres@127.0.0.1:5432';
const DB = 'brownie_bench_api';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function direct(run: () => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        await run().catch(() => errors++);
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99), errors };
}

async function http(url: string, options: Partial<autocannon.Options>): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main() {
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  await migrate({ databaseUrl: `${SERVER}/${DB}`, direction: 'up', target: { all: true } });
  const owner = new Client({ connectionString: `${SERVER}/${DB}` });
  await owner.connect();
  await owner.query(`DO $$ BEGIN CREATE ROLE brownie_bench LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  await owner.query('GRANT brownie_app TO brownie_bench');

  const config = loadConfig({
    JWT_SECRET: 'bench-secret-with-at-least-32-characters!',
    RATE_LIMIT_POINTS: '1000000',
    LOG_LEVEL: 'silent',
  });
  const metrics = createMetrics({ version: 'bench', revision: 'bench' });
  const pool = (name: 'primary') =>
    new Database({
      connectionString: `postgres://brownie_bench@127.0.0.1:5432/${DB}`,
      name,
      max: 10,
      statementTimeoutMs: 30_000,
      connectTimeoutMs: 5_000,
      metrics,
    });
  const db = pool('primary');
  const tokens = await createTokenService(config);
  const app = createApp({
    config,
    logger: pino({ level: 'silent' }),
    metrics,
    db,
    tokens,
    build: { name: 'bench', version: 'bench', revision: 'bench' },
  });
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signup = await fetch(`${base}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'bench@bench.test',
      password: 'bench password 123',
      username: 'bench',
      organization_name: 'Bench',
      team_name: 'Ops',
    }),
  }).then(
    (r) =>
      r.json() as Promise<{
        access_token: string;
        organization: { id: string };
        team: { id: string };
        user: { id: string };
      }>,
  );
  const orgId = signup.organization.id;
  const teamId = signup.team.id;
  await owner.query(
    `INSERT INTO incidents (org_id, team_id, title, priority) SELECT $1, $2, 'seeded ' || g, 'medium' FROM generate_series(1, 2000) g`,
    [orgId, teamId],
  );
  const [{ id: incidentId }] = (await owner.query('SELECT id FROM incidents LIMIT 1')).rows;
  const headers = { authorization: `Bearer ${signup.access_token}`, 'content-type': 'application/json' };
  const def = incidentsResource(metrics);
  const tenant = <T>(fn: (tx: Queryable) => Promise<T>) => db.tenantTransaction(orgId, fn);
  const body = { team_id: teamId, title: 'bench incident', priority: 'high' };

  const scenarios: [string, () => Promise<Figures>, () => Promise<Figures>][] = [
    [
      'GET /v1/incidents/:id',
      () => http(`${base}/v1/incidents/${incidentId}`, { headers }),
      () => direct(() => tenant((tx) => findRow(tx, def, incidentId, { scope: orgId }))),
    ],
    [
      'GET /v1/incidents?limit=50',
      () => http(`${base}/v1/incidents?limit=50`, { headers }),
      () =>
        direct(() =>
          tenant((tx) => listRows(tx, def, { scope: orgId, filters: [], limit: 50, includeDeleted: false })),
        ),
    ],
    [
      'POST /v1/incidents',
      () => http(`${base}/v1/incidents`, { method: 'POST', headers, body: JSON.stringify(body) }),
      () =>
        direct(() =>
          tenant(async (tx) => {
            const row = await insertRow(tx, def, {
              ...body,
              org_id: orgId,
              created_by: signup.user.id,
              updated_by: signup.user.id,
            });
            await tx.query(
              `INSERT INTO audit_events (org_id, actor_type, actor_id, action, entity_type, entity_id, after) VALUES ($1, 'user', $2, 'incident.create', 'incident', $3, $4)`,
              [orgId, signup.user.id, row.id, JSON.stringify(row)],
            );
          }),
        ),
    ],
  ];

  console.log(`connections=${CONNECTIONS} seconds=${SECONDS} pool=10 (PostgreSQL 15 on loopback)`);
  console.log(
    'scenario                     | API req/s | p50 ms | p99 ms | direct req/s | p50 ms | p99 ms | API ÷ direct | errors',
  );
  for (const [name, viaApi, viaSql] of scenarios) {
    const a = await viaApi();
    const d = await viaSql();
    const f = (n: number) => n.toFixed(n < 10 ? 2 : 0).padStart(6);
    console.log(
      `${name.padEnd(28)} | ${f(a.rps).padStart(9)} | ${f(a.p50)} | ${f(a.p99)} | ${f(d.rps).padStart(12)} | ${f(d.p50)} | ${f(d.p99)} | ${(a.rps / d.rps).toFixed(2).padStart(12)} | ${a.errors + d.errors}`,
    );
  }
  server.close();
  await db.close();
  await owner.end();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
