import type { Config } from '../config';

/** The part of the service configuration the backup engine, its providers and its CLI use. */
export type BackupConfig = Pick<Config, Extract<keyof Config, `BACKUP_${string}` | `RESTORE_${string}`>> &
  Pick<Config, 'DATABASE_URL' | 'MIGRATIONS_DATABASE_URL'>;

/** `s3://bucket/some/prefix` → { bucket, prefix: 'some/prefix/' } (prefix empty or ending in a slash). */
export function parseBucketUrl(url: string): { bucket: string; prefix: string } {
  const match = /^[a-z0-9]+:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new Error(`BACKUP_DESTINATION: cannot parse "${url}"`);
  const prefix = match[2]!.replace(/\/+$/, '');
  return { bucket: match[1]!, prefix: prefix ? `${prefix}/` : '' };
}
