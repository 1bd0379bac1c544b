import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectNotFoundError, type BackupProvider, type StoredObject } from './provider';

/** A directory. Objects are written under a temporary name and renamed, so a crash never leaves a partial backup. */
export class LocalProvider implements BackupProvider {
  readonly name = 'local' as const;
  readonly destination: string;

  constructor(directory: string) {
    this.destination = path.resolve(directory);
  }

  private file(key: string): string {
    if (key.includes('/') || key.includes('\\') || key.startsWith('.')) throw new Error(`invalid object key "${key}"`);
    return path.join(this.destination, key);
  }

  async put(key: string, body: Readable): Promise<void> {
    await mkdir(this.destination, { recursive: true });
    const target = this.file(key);
    const partial = `${target}.partial-${process.pid}`;
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, target);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.file(key);
    await stat(file).catch(() => {
      throw new ObjectNotFoundError(key);
    });
    return createReadStream(file);
  }

  async list(): Promise<StoredObject[]> {
    const names = await readdir(this.destination).catch(() => [] as string[]);
    const objects = await Promise.all(
      names
        .filter((n) => !n.startsWith('.') && !n.includes('.partial-'))
        .map(async (key) => {
          const s = await stat(this.file(key));
          return s.isFile() ? { key, size: s.size, lastModified: s.mtime } : undefined;
        }),
    );
    return objects.filter((o): o is StoredObject => o !== undefined);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
