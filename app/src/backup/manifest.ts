import { z } from 'zod';
import { BackupError } from './errors';

export const TABLE_STATS = z.record(z.string(), z.object({ rows: z.number(), checksum: z.string() }));

/** Stored beside each backup as `<name>.manifest.json`: what it is and how to check it. */
export const manifestSchema = z.object({
  format: z.literal('brownie-backup/1'),
  name: z.string(),
  created_at: z.iso.datetime(),
  database: z.string(),
  server_version: z.string(),
  latest_migration: z.string().nullable(),
  object: z.string(),
  sizes: z.object({ stored_bytes: z.number(), dump_bytes: z.number() }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  compression: z.string(),
  /**
   * Where the compression sits: `gzip`, the custom-format archive written uncompressed and the whole stream gzipped
   * in members (parallel-gzip.ts); `pg_dump`, compressed inside the archive by pg_dump (manifests from before this
   * field); `none`.
   */
  archive_compression: z.enum(['gzip', 'pg_dump', 'none']).default('pg_dump'),
  encryption: z.object({ scheme: z.literal('age'), recipients: z.array(z.string()) }),
  tables: TABLE_STATS,
  /** How `tables` checksums were computed (manifests from before this field used the row text). */
  table_checksum: z.enum(['hash_record', 'row_text']).default('row_text'),
  tool: z.object({ name: z.literal('brownie-backup'), version: z.string(), pg_dump: z.string() }),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const objectKey = (name: string) => `${name}.dump.age`;
export const manifestKey = (name: string) => `${name}.manifest.json`;
export const MANIFEST_SUFFIX = '.manifest.json';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
export function checkName(name: string): string {
  if (!NAME.test(name) || name.endsWith(MANIFEST_SUFFIX)) {
    throw new BackupError(
      `backup name "${name}" must be 1-200 of A-Z a-z 0-9 . _ - and start with a letter or digit`,
      2,
    );
  }
  return name;
}

/** `brownie-<database>-20261203T020000Z`: sorts by time, readable in a bucket listing. */
export function defaultName(database: string, at: Date): string {
  return `brownie-${database.replace(/[^A-Za-z0-9_-]/g, '_')}-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}
