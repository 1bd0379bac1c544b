// Backup and restore, streamed end to end: pg_dump (custom format) → gzip → age → provider, with a manifest
// beside each object; restore verifies size and sha256 before anything touches the target, then decrypts into
// pg_restore in one transaction.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, Pool } from 'pg';
import packageJson from '../../../package.json';
import type { BackupConfig } from './config';
import { BackupError } from './errors';
import { decrypt, encrypt, fingerprint, parseIdentityFile } from './encryption';
import {
  checkName,
  defaultName,
  manifestKey,
  manifestSchema,
  MANIFEST_SUFFIX,
  objectKey,
  type Manifest,
} from './manifest';
import { pipeGunzip, pipeGzip } from './parallel-gzip';
import { exited, runTool, withDatabase } from './pg-tools';
import type { BackupProvider } from './providers/provider';
import { finishRun, getRun, recentRuns, startRun, type Run, type RunKind } from './runs';
import { PIN_SESSION, tableStats } from './table-stats';

export interface BackupSummary {
  name: string;
  created_at: string;
  stored_bytes: number;
  database: string;
  latest_migration: string | null;
  encrypted_for: string[];
}

export interface CleanupPlan {
  kept: string[];
  deleted: string[];
  dryRun: boolean;
}

export type Progress = (bytes: number) => void;

/** Counts and hashes bytes as they pass. */
function meter(onProgress?: Progress) {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onProgress?.(bytes);
      done(null, chunk);
    },
  });
  return { stream, bytes: () => bytes, sha256: () => hash.digest('hex') };
}

export class BackupEngine {
  readonly ownerUrl: string;
  private readonly db: Pool;

  constructor(
    private readonly config: BackupConfig,
    readonly provider: BackupProvider,
    private readonly triggeredBy = 'cli',
  ) {
    const url = config.BACKUP_DATABASE_URL ?? config.MIGRATIONS_DATABASE_URL ?? config.DATABASE_URL;
    if (!url) throw new BackupError('BACKUP_DATABASE_URL: required (a role that bypasses row-level security)', 2);
    this.ownerUrl = url;
    this.db = new Pool({ connectionString: url, max: 3 });
    this.db.on('error', () => undefined);
  }

  get database(): string {
    return decodeURIComponent(new URL(this.ownerUrl).pathname.slice(1)) || 'postgres';
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  recentRuns(limit = 20): Promise<Run[]> {
    return recentRuns(this.db, limit);
  }

  run(id: string): Promise<Run | undefined> {
    return getRun(this.db, id);
  }

  /** Records the run around `work`; the record's outcome is the work's outcome. */
  private async recorded<T>(
    kind: RunKind,
    name: string | null,
    work: (runId: string) => Promise<T & { bytes?: number; name?: string; details?: Record<string, unknown> }>,
    onStarted?: (runId: string) => void,
  ): Promise<T> {
    const id = await startRun(this.db, kind, name, this.triggeredBy).catch((error: Error) => {
      throw error.name === 'RunInProgressError' ? new BackupError(error.message, 5) : error;
    });
    onStarted?.(id);
    try {
      const result = await work(id);
      await finishRun(this.db, id, result);
      return result;
    } catch (error) {
      await finishRun(this.db, id, { error: error as Error }).catch(() => undefined);
      throw error;
    }
  }

  /** Takes a backup; returns its manifest. Needs BACKUP_AGE_RECIPIENTS. */
  async backup(
    options: { name?: string; onProgress?: Progress; onStarted?: (runId: string) => void } = {},
  ): Promise<Manifest> {
    const recipients = this.config.BACKUP_AGE_RECIPIENTS;
    if (!recipients?.length)
      throw new BackupError('BACKUP_AGE_RECIPIENTS: required to take a backup (age1… public keys)', 2);
    const createdAt = new Date();
    const name = checkName(options.name ?? defaultName(this.database, createdAt));
    if ((await this.provider.list()).some((o) => o.key === manifestKey(name))) {
      throw new BackupError(`a backup named "${name}" exists already`, 2);
    }
    return this.recorded(
      'backup',
      name,
      async () => {
        const sourceUrl = this.config.BACKUP_SOURCE_URL ?? this.ownerUrl;
        // One snapshot for the dump and the table checksums: pg_dump imports the snapshot this transaction exports.
        const snapshot = new Client({ connectionString: sourceUrl });
        await snapshot.connect();
        let dump: ReturnType<typeof runTool> | undefined;
        try {
          await snapshot.query(PIN_SESSION);
          await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          const [{ id: snapshotId, version, migration }] = (
            await snapshot.query(
              `SELECT pg_export_snapshot() AS id, current_setting('server_version') AS version,
                    (SELECT name FROM pgmigrations ORDER BY run_on DESC, id DESC LIMIT 1) AS migration`,
            )
          ).rows;
          // pg_dump writes the archive uncompressed; ParallelGzip compresses it on every core.
          const level = this.config.BACKUP_COMPRESSION;
          dump = runTool(
            'pg_dump',
            ['--format=custom', '--compress=0', `--snapshot=${snapshotId}`, '--no-password'],
            sourceUrl,
          );
          const dumpDone = exited(dump, 'pg_dump');
          dumpDone.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled
          // Counted by a listener beside pipe(), not by a stream stage: the archive passes in ~10 KiB reads. Paused
          // first, so the listener does not start the flow before pipe() is attached (encrypt awaits before it pipes).
          let dumpBytes = 0;
          dump.stdout.pause().on('data', (chunk: Buffer) => (dumpBytes += chunk.length));
          const stored = meter(options.onProgress);
          const encrypted = await encrypt(level > 0 ? pipeGzip(dump.stdout, level) : dump.stdout, recipients);
          const [tables] = await Promise.all([
            tableStats(snapshot, 'hash_record'),
            this.provider.put(objectKey(name), encrypted.pipe(stored.stream), {
              contentType: 'application/octet-stream',
            }),
            dumpDone,
          ]);
          const pgDumpVersion = await toolVersion('pg_dump');
          const manifest: Manifest = manifestSchema.parse({
            format: 'brownie-backup/1',
            name,
            created_at: createdAt.toISOString(),
            database: this.database,
            server_version: version,
            latest_migration: migration,
            object: objectKey(name),
            sizes: { stored_bytes: stored.bytes(), dump_bytes: dumpBytes },
            sha256: stored.sha256(),
            compression: level > 0 ? `gzip level ${level}, 1 MiB members, around pg_dump custom format` : 'none',
            archive_compression: level > 0 ? 'gzip' : 'none',
            encryption: { scheme: 'age', recipients: recipients.map(fingerprint) },
            tables,
            table_checksum: 'hash_record',
            tool: { name: 'brownie-backup', version: packageJson.version, pg_dump: pgDumpVersion },
          });
          await this.provider.put(manifestKey(name), Readable.from([JSON.stringify(manifest, null, 2)]), {
            contentType: 'application/json',
          });
          return Object.assign(manifest, {
            bytes: stored.bytes(),
            details: { sha256: manifest.sha256, dump_bytes: dumpBytes },
          });
        } catch (error) {
          // Never leave half an object behind, nor a pg_dump writing into a closed pipe.
          dump?.kill('SIGTERM');
          await this.provider.delete(objectKey(name)).catch(() => undefined);
          throw error;
        } finally {
          await snapshot.query('ROLLBACK').catch(() => undefined);
          await snapshot.end();
        }
      },
      options.onStarted,
    );
  }

  /** Every backup with a manifest, newest first. */
  async list(): Promise<BackupSummary[]> {
    const objects = await this.provider.list();
    const manifests = await Promise.all(
      objects
        .filter((o) => o.key.endsWith(MANIFEST_SUFFIX))
        .map((o) => this.manifest(o.key.slice(0, -MANIFEST_SUFFIX.length)).catch(() => undefined)),
    );
    return manifests
      .filter((m): m is Manifest => m !== undefined)
      .map((m) => ({
        name: m.name,
        created_at: m.created_at,
        stored_bytes: m.sizes.stored_bytes,
        database: m.database,
        latest_migration: m.latest_migration,
        encrypted_for: m.encryption.recipients,
      }))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  async manifest(name: string): Promise<Manifest> {
    const stream = await this.provider.get(manifestKey(checkName(name))).catch(() => {
      throw new BackupError(`backup "${name}" not found (no manifest)`, 3);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    let parsed;
    try {
      parsed = manifestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) throw new BackupError(`backup "${name}": the manifest is not valid`, 4);
    return parsed.data;
  }

  /**
   * Downloads the object to a private temporary file while hashing it, and checks size and sha256 against the
   * manifest before anything reads it: a truncated or altered object never reaches pg_restore.
   */
  private async fetchVerified(
    m: Manifest,
    onProgress?: Progress,
  ): Promise<{ file: string; cleanup: () => Promise<void> }> {
    const dir = await mkdtemp(path.join(this.config.BACKUP_TMP_DIR ?? tmpdir(), 'brownie-restore-'));
    const file = path.join(dir, 'object.age');
    const cleanup = () => rm(dir, { recursive: true, force: true });
    try {
      const check = meter(onProgress);
      await pipeline(await this.provider.get(m.object), check.stream, createWriteStream(file, { mode: 0o600 }));
      const sha256 = check.sha256();
      if (check.bytes() !== m.sizes.stored_bytes || sha256 !== m.sha256) {
        throw new BackupError(
          `backup "${m.name}" failed verification: got ${check.bytes()} bytes with sha256 ${sha256.slice(0, 12)}…, the manifest says ${m.sizes.stored_bytes} bytes with ${m.sha256.slice(0, 12)}…; the object is truncated or altered`,
          4,
        );
      }
      return { file, cleanup };
    } catch (error) {
      await cleanup();
      throw error;
    }
  }

  private async identities(): Promise<string[]> {
    const file = this.config.BACKUP_AGE_IDENTITY_FILE;
    if (!file) throw new BackupError('BACKUP_AGE_IDENTITY_FILE: required to restore or verify (the age identity)', 2);
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new BackupError(`BACKUP_AGE_IDENTITY_FILE: cannot read ${file}: ${error.message}`, 2);
    });
    return parseIdentityFile(text);
  }

  /** The archive as pg_restore reads it: decrypted, and gunzipped when the whole archive was gzipped. */
  private async archive(file: string, m: Manifest): Promise<Readable> {
    const plain = await decrypt(createReadStream(file), await this.identities()).catch((error: Error) => {
      throw new BackupError(`backup "${m.name}" cannot be decrypted with the configured identity: ${error.message}`, 4);
    });
    return m.archive_compression === 'gzip' ? pipeGunzip(plain) : plain;
  }

  /** Downloads, checks, decrypts and lists the archive with `pg_restore --list`. */
  async verify(name: string): Promise<{ name: string; entries: number }> {
    const m = await this.manifest(name);
    return this.recorded('verify', m.name, async () => {
      const { file, cleanup } = await this.fetchVerified(m);
      try {
        const list = runTool('pg_restore', ['--list'], this.ownerUrl);
        let entries = 0;
        list.stdout.on(
          'data',
          (chunk: Buffer) =>
            (entries += chunk
              .toString()
              .split('\n')
              .filter((l) => /^\d+;/.test(l)).length),
        );
        // pg_restore --list stops reading after the table of contents; the rest is still decrypted to the end, so
        // every chunk's authentication tag is checked.
        list.stdin.on('error', () => undefined);
        const sink = new Writable({
          write(chunk, _encoding, done) {
            if (list.stdin.destroyed || list.stdin.writableEnded) return done();
            list.stdin.write(chunk, () => done());
          },
          final(done) {
            list.stdin.end();
            done();
          },
        });
        await Promise.all([pipeline(await this.archive(file, m), sink), exited(list, 'pg_restore --list')]);
        return { name: m.name, entries, details: { entries } };
      } finally {
        await cleanup();
      }
    });
  }

  /**
   * Restores into `targetDb` (default: the configured database). A missing target is created; an existing one with
   * tables is replaced only with `force`. pg_restore runs in a single transaction, so a failure leaves it as it was.
   */
  async restore(
    name: string,
    options: { targetDb?: string; force?: boolean; onProgress?: Progress; onStarted?: (runId: string) => void } = {},
  ): Promise<{ name: string; target: string }> {
    const m = await this.manifest(name);
    const target = options.targetDb ?? this.database;
    if (!/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(target))
      throw new BackupError(`--target-db "${target}" is not a plain database name`, 2);
    return this.recorded(
      'restore',
      m.name,
      async () => {
        const { file, cleanup } = await this.fetchVerified(m, options.onProgress);
        try {
          const plain = await this.archive(file, m);
          const created = await this.prepareTarget(target, options.force ?? false);
          try {
            const restore = runTool(
              'pg_restore',
              [
                '--single-transaction',
                '--clean',
                '--if-exists',
                '--no-owner',
                '--exit-on-error',
                `--dbname=${withDatabase(this.ownerUrl, target)}`,
              ],
              this.ownerUrl,
            );
            await Promise.all([pipeline(plain, restore.stdin), exited(restore, 'pg_restore')]);
          } catch (error) {
            if (created) await this.dropDatabase(target).catch(() => undefined);
            throw error;
          }
          return { name: m.name, target, details: { target } };
        } finally {
          await cleanup();
        }
      },
      options.onStarted,
    );
  }

  /** Creates the target when missing (returns true); refuses a non-empty one without force. */
  private async prepareTarget(target: string, force: boolean): Promise<boolean> {
    const admin = new Client({ connectionString: withDatabase(this.ownerUrl, 'postgres') });
    await admin.connect();
    try {
      const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [target])).rowCount;
      if (!exists) {
        await admin.query(`CREATE DATABASE "${target}"`);
        return true;
      }
    } finally {
      await admin.end();
    }
    const probe = new Client({ connectionString: withDatabase(this.ownerUrl, target) });
    await probe.connect();
    try {
      const { rows } = await probe.query(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
      );
      if (rows[0].n > 0 && !force) {
        throw new BackupError(`database "${target}" has ${rows[0].n} tables; pass --force to replace its contents`, 2);
      }
    } finally {
      await probe.end();
    }
    return false;
  }

  private async dropDatabase(name: string): Promise<void> {
    const admin = new Client({ connectionString: withDatabase(this.ownerUrl, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }

  async delete(name: string): Promise<void> {
    const m = await this.manifest(name);
    await this.provider.delete(m.object);
    await this.provider.delete(manifestKey(m.name));
  }

  /** Deletes backups older than BACKUP_RETENTION_DAYS, always keeping the newest BACKUP_KEEP_MIN. */
  async cleanup(options: { dryRun?: boolean; now?: Date } = {}): Promise<CleanupPlan> {
    const dryRun = options.dryRun ?? false;
    return this.recorded('cleanup', null, async () => {
      const backups = await this.list();
      const cutoff = (options.now ?? new Date()).getTime() - this.config.BACKUP_RETENTION_DAYS * 86_400_000;
      const deleted = backups
        .filter((b, i) => i >= this.config.BACKUP_KEEP_MIN && new Date(b.created_at).getTime() < cutoff)
        .map((b) => b.name);
      if (!dryRun) for (const name of deleted) await this.delete(name);
      return {
        kept: backups.map((b) => b.name).filter((n) => !deleted.includes(n)),
        deleted,
        dryRun,
        details: { deleted, dryRun },
      };
    });
  }

  /**
   * Restores the newest backup into a scratch database, compares every table's row count and checksum with the
   * manifest, drops the scratch database and records the result.
   */
  async drill(): Promise<{ name: string; tables: number; mismatches: string[] }> {
    const [newest] = await this.list();
    if (!newest) throw new BackupError('no backup to drill on', 3);
    const scratch = `brownie_drill_${randomUUID().slice(0, 8)}`;
    return this.recorded('drill', newest.name, async () => {
      try {
        await this.restoreInto(newest.name, scratch);
        const m = await this.manifest(newest.name);
        const client = new Client({ connectionString: withDatabase(this.ownerUrl, scratch) });
        await client.connect();
        let actual;
        try {
          await client.query(PIN_SESSION);
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          actual = await tableStats(client, m.table_checksum);
        } finally {
          await client.end();
        }
        const names = new Set([...Object.keys(m.tables), ...Object.keys(actual)]);
        const mismatches = [...names].filter((t) => JSON.stringify(m.tables[t]) !== JSON.stringify(actual[t]));
        if (mismatches.length)
          throw new BackupError(
            `restore drill of "${newest.name}": tables differ from the manifest: ${mismatches.join(', ')}`,
            4,
          );
        return { name: newest.name, tables: names.size, mismatches, details: { tables: names.size, scratch } };
      } finally {
        await this.dropDatabase(scratch).catch(() => undefined);
      }
    });
  }

  /** A restore inside another recorded run (the drill), so it is not recorded twice nor blocked by it. */
  private async restoreInto(name: string, target: string): Promise<void> {
    const m = await this.manifest(name);
    const { file, cleanup } = await this.fetchVerified(m);
    try {
      await this.prepareTarget(target, false);
      const restore = runTool(
        'pg_restore',
        ['--single-transaction', '--no-owner', '--exit-on-error', `--dbname=${withDatabase(this.ownerUrl, target)}`],
        this.ownerUrl,
      );
      await Promise.all([pipeline(await this.archive(file, m), restore.stdin), exited(restore, 'pg_restore')]);
    } finally {
      await cleanup();
    }
  }
}

async function toolVersion(tool: string): Promise<string> {
  const { stdout } = await promisify(execFile)(tool, ['--version']);
  return stdout.trim();
}
