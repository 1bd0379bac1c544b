// The one programmatic entry to the schema: used by the CLI (`npm run migrate`), `npm start`, the migrations Job and
// the tests. Migrations take a session advisory lock, so run them against the primary directly, never via PgBouncer.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = path.join(__dirname, 'versions');
export const MIGRATIONS_TABLE = 'pgmigrations';
const MIGRATION_FILE = /^(\d+)_[\w-]+\.(ts|js)$/;

export interface MigrationFile {
  name: string;
  timestamp: number;
}

export interface MigrationState extends MigrationFile {
  runOn: Date | null;
}

/** The migrations shipped with this build, oldest first (names without extension, as node-pg-migrate records them). */
export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[0].replace(/\.(ts|js)$/, ''), timestamp: Number(m[1]) }))
    .sort((a, b) => a.timestamp - b.timestamp);
}

/** Where to go: every pending migration, a number of steps, a named migration (inclusive), or back to nothing. */
export type MigrationTarget = { all: true } | { steps: number } | { to: string } | { base: true };

export interface MigrateOptions {
  databaseUrl: string;
  direction: 'up' | 'down';
  target: MigrationTarget;
  log?: (message: string) => void;
  dryRun?: boolean;
}

function resolveCount(direction: 'up' | 'down', target: MigrationTarget): { count: number; timestamp?: boolean } {
  if ('all' in target || 'base' in target) return { count: Number.POSITIVE_INFINITY };
  if ('steps' in target) return { count: target.steps };
  const found = listMigrations().find((m) => m.name === target.to || String(m.timestamp) === target.to);
  if (!found) throw new Error(`unknown migration "${target.to}" (see \`npm run migrate -- history\`)`);
  // up: apply everything up to and including it; down: roll back everything after it.
  return { count: direction === 'up' ? found.timestamp : found.timestamp + 1, timestamp: true };
}

/** Runs migrations and returns the names of those applied or rolled back. */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const { count, timestamp } = resolveCount(options.direction, options.target);
  const log = options.log ?? (() => undefined);
  const ran = await runner({
    databaseUrl: options.databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: options.direction,
    count,
    timestamp,
    // Compiled builds carry .map and .d.ts files beside the migrations.
    ignorePattern: String.raw`(\..*)|(.*\.d\.ts)|(.*\.map)`,
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    dryRun: options.dryRun ?? false,
    // Loading with require() lets the same files run under tsx, ts-jest and compiled JavaScript alike.
    migrationLoaderStrategies: [
      {
        extensions: ['.ts', '.js'],
        loader: async (filePaths: string[]) =>
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          filePaths.map((filePath) => ({ id: filePath, filePaths: [filePath], actions: require(filePath) })),
      },
    ],
    logger: { debug: () => undefined, info: log, warn: log, error: log },
  });
  return ran.map((m) => m.name);
}

/** Every shipped migration with when it ran (null: pending). */
export async function migrationStatus(databaseUrl: string): Promise<MigrationState[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; run_on: Date }>(`SELECT name, run_on FROM ${MIGRATIONS_TABLE}`);
    const runOn = new Map(rows.map((r) => [r.name, r.run_on]));
    return listMigrations().map((m) => ({ ...m, runOn: runOn.get(m.name) ?? null }));
  } catch (error) {
    // undefined_table: nothing was ever applied here.
    if ((error as { code?: string }).code === '42P01') return listMigrations().map((m) => ({ ...m, runOn: null }));
    throw error;
  } finally {
    await client.end();
  }
}
