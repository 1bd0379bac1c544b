// Benchmark: our backup (pg_dump → age → local provider, with table checksums) beside `pg_dump -Fc > /dev/null`
// in the same run, and our restore beside plain `pg_restore`; prints throughput, ratios and peak RSS per size, and
// last our age encryption rate beside the library's own.
//   npm run bench:backup [-- --sizes 128,1024 --repeat 3]   (MiB of table data; loopback PostgreSQL 15 only;
//                                                          backups: medians of --repeat alternating runs)
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Client } from 'pg';
import { createBackupEngine } from '../app/src/backup';
import type { Manifest } from '../app/src/backup/manifest';
import { encrypt } from '../app/src/backup/encryption';
import { libpqEnv } from '../app/src/backup/pg-tools';
import { loadConfig } from '../app/src/config';
import { migrate } from '../migrations/runner';

const SERVER = 'postgres://postgres@127.0.0.1:5432';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const SIZES = arg('sizes', '128,1024').split(',').map(Number);
const REPEAT = Number(arg('repeat', '3'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
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

/** MiB/s of age encryption of 256 MiB: ours (native payload cipher) beside the library's own streaming encrypter. */
async function encryptionRates(recipient: string): Promise<[number, number]> {
  const { Encrypter } = await import('age-encryption');
  const block = randomBytes(1 << 20);
  const source = () => Readable.from(Array.from({ length: 256 }, () => block));
  const drain = async (stream: Readable) => {
    for await (const chunk of stream) void chunk;
  };
  const [ours] = await timed(async () => drain(await encrypt(source(), [recipient])));
  const library = new Encrypter();
  library.addRecipient(recipient);
  const [theirs] = await timed(async () => {
    const out = await library.encrypt(Readable.toWeb(source()) as unknown as ReadableStream<Uint8Array>);
    await drain(Readable.fromWeb(out as unknown as WebReadableStream<Uint8Array>));
  });
  return [256 / ours, 256 / theirs];
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'brownie-bench-backup-'));
  const identityFile = path.join(dir, 'key.txt');
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', identityFile]).toString().trim();
  console.log(
    'size MiB | db MiB | pg_dump s (median) | ours s (median) | ours ÷ raw throughput | restore raw s | restore ours s | ours ÷ raw | stored MiB | peak RSS MiB',
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

      const engine = createBackupEngine(
        loadConfig({
          BACKUP_DATABASE_URL: `${SERVER}/${db}`,
          BACKUP_DESTINATION: path.join(dir, `store-${size}`),
          BACKUP_AGE_RECIPIENTS: recipient,
          BACKUP_AGE_IDENTITY_FILE: identityFile,
        }),
        'bench',
      );
      // Dumps vary by ±10 % run to run on a shared machine: alternate raw and ours, and compare the medians.
      const raws: number[] = [];
      const ourRuns: number[] = [];
      let manifest!: Manifest;
      for (let round = 1; round <= REPEAT; round++) {
        raws.push((await timed(() => shell('sh', ['-c', 'pg_dump -Fc --compress=6 > /dev/null'], db)))[0]);
        const [seconds, m] = await timed(() => engine.backup({ name: `bench-${size}-${round}` }));
        ourRuns.push(seconds);
        manifest = m;
      }
      const [rawDump, ours] = [median(raws), median(ourRuns)];
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
      const [ourRestore] = await timed(() => engine.restore(manifest.name, { targetDb: `${db}_ours` }));
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
    // Last, so it does not count in the peak RSS above.
    const [native, library] = await encryptionRates(recipient);
    console.log(
      `\nage encryption of 256 MiB: ${native.toFixed(0)} MiB/s (native payload cipher) vs ${library.toFixed(0)} MiB/s ` +
        `(age-encryption's JavaScript) → ${(native / library).toFixed(1)}×`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
