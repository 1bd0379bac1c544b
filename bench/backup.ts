// Benchmark: our backup (pg_dump → age → local provider, with table checksums) beside `pg_dump -Fc > /dev/null`
// in the same run, and our restore beside plain `pg_restore`; prints throughput, ratios and peak RSS per size.
//   npm run bench:backup [-- --sizes 128,1024]      (MiB of table data; loopback PostgreSQL 15 only)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createBackupEngine } from '../app/src/backup';
import { libpqEnv } from '../app/src/backup/pg-tools';
import { loadConfig } from '../app/src/config';
import { migrate } from '../migrations/runner';

const SERVER = 'postgres://postgres@127.0.0.1:5432';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const SIZES = arg('sizes', '128,1024').split(',').map(Number);
const mib = (bytes: number) => bytes / 1048576;

async function sql(database: string, text: string): Promise<void> {
  const c = new Client({ connectionString: `${SERVER}/${database}` });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [(performance.now() - start) / 1000, result];
}

function shell(command: string, args: string[], database: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...libpqEnv(`${SERVER}/${database}`) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'brownie-bench-backup-'));
  const identityFile = path.join(dir, 'key.txt');
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', identityFile]).toString().trim();
  console.log(
    'size MiB | db bytes | pg_dump s | ours s | ours ÷ raw throughput | restore raw s | restore ours s | ours ÷ raw | stored MiB | peak RSS MiB',
  );
  try {
    for (const size of SIZES) {
      const db = `brownie_bench_backup_${size}`;
      await sql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await sql('postgres', `CREATE DATABASE ${db}`);
      await migrate({ databaseUrl: `${SERVER}/${db}`, direction: 'up', target: { all: true } });
      // ~1 KiB per incident row, half compressible text, half random hex.
      await sql(
        db,
        `INSERT INTO organizations (id, name, slug) VALUES ('00000000-0000-4000-8000-000000000001', 'Bench', 'bench');
         INSERT INTO teams (id, org_id, name, slug) VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'Ops', 'ops');
         INSERT INTO incidents (org_id, team_id, title, description, metadata)
         SELECT '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'incident ' || g,
                repeat('the checkout service is slow ', 10) || (SELECT string_agg(md5(random()::text || g || s), '') FROM generate_series(1, 8) s),
                jsonb_build_object('n', g, 'host', 'node-' || (g % 97))
         FROM generate_series(1, ${size * 1024}) g`,
      );
      await sql(db, 'VACUUM ANALYZE incidents');
      const sizeClient = new Client({ connectionString: `${SERVER}/${db}` });
      await sizeClient.connect();
      const bytes = Number((await sizeClient.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b);
      await sizeClient.end();

      const [rawDump] = await timed(() => shell('sh', ['-c', 'pg_dump -Fc --compress=6 > /dev/null'], db));
      const engine = createBackupEngine(
        loadConfig({
          BACKUP_DATABASE_URL: `${SERVER}/${db}`,
          BACKUP_DESTINATION: path.join(dir, `store-${size}`),
          BACKUP_AGE_RECIPIENTS: recipient,
          BACKUP_AGE_IDENTITY_FILE: identityFile,
        }),
        'bench',
      );
      const [ours, manifest] = await timed(() => engine.backup({ name: `bench-${size}` }));
      const peak = process.resourceUsage().maxRSS / 1024;

      const plainFile = path.join(dir, `plain-${size}.dump`);
      await shell('sh', ['-c', `pg_dump -Fc --compress=6 > ${plainFile}`], db);
      await sql('postgres', `DROP DATABASE IF EXISTS ${db}_raw WITH (FORCE)`);
      await sql('postgres', `CREATE DATABASE ${db}_raw`);
      const [rawRestore] = await timed(() =>
        shell(
          'pg_restore',
          ['--single-transaction', '--no-owner', '--exit-on-error', `--dbname=${db}_raw`, plainFile],
          db,
        ),
      );
      const [ourRestore] = await timed(() => engine.restore(`bench-${size}`, { targetDb: `${db}_ours` }));
      await engine.close();
      for (const d of [db, `${db}_raw`, `${db}_ours`])
        await sql('postgres', `DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
      rmSync(plainFile, { force: true });

      console.log(
        [
          String(size).padStart(8),
          mib(bytes).toFixed(0).padStart(8),
          rawDump.toFixed(1).padStart(9),
          ours.toFixed(1).padStart(6),
          (rawDump / ours).toFixed(2).padStart(21),
          rawRestore.toFixed(1).padStart(12),
          ourRestore.toFixed(1).padStart(14),
          (rawRestore / ourRestore).toFixed(2).padStart(10),
          mib(manifest.sizes.stored_bytes).toFixed(0).padStart(10),
          peak.toFixed(0).padStart(12),
        ].join(' | '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
