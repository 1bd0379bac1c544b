// gzip on every core: the stream is cut into 1 MiB blocks, each compressed on libuv's thread pool as its own gzip
// member, written out in order. Concatenated members are one valid gzip file (RFC 1952), so `gunzip` and Node's
// Gunzip read it whole. pg_dump's own compression runs on one core and was the backup's bottleneck
// (README, "Performance"). Restarting the 32 KiB window every 1 MiB costs little: the objects came out smaller than
// pg_dump's own compressed archives.
import { availableParallelism } from 'node:os';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';

const compress = promisify(gzip);

export const GZIP_BLOCK = 1 << 20;

const threadPoolSize = () => Number(process.env.UV_THREADPOOL_SIZE) || 4; // libuv's default

export class ParallelGzip extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private blocks = 0;
  private readonly inFlight: Promise<Buffer>[] = [];
  // One block more than cores keeps every core busy while the oldest is written out, but never the whole thread pool:
  // the API runs backups too (POST /backup/run-now), and its file and DNS work must not queue behind a backup.
  private readonly limit = Math.max(1, Math.min(availableParallelism() + 1, threadPoolSize() - 1));

  constructor(private readonly level: number) {
    super();
  }

  private startBlock(): void {
    const data = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.blocks++;
    const member = compress(data, { level: this.level });
    member.catch(() => undefined); // awaited in order by emitUntil; this keeps a later block's failure from being unhandled
    this.inFlight.push(member);
  }

  private async emitUntil(pending: number): Promise<void> {
    while (this.inFlight.length > pending) this.push(await this.inFlight.shift()!);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size < GZIP_BLOCK) return done();
    this.startBlock();
    this.emitUntil(this.limit - 1).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.size > 0 || this.blocks === 0) this.startBlock(); // empty input: one empty member, still valid gzip
    this.emitUntil(0).then(() => done(), done);
  }
}

// pipeline() passes an error of the input on to the returned stream, which pipe() would not.
export const pipeGzip = (input: Readable, level: number): Readable =>
  pipeline(input, new ParallelGzip(level), () => undefined);

export const pipeGunzip = (input: Readable): Readable => pipeline(input, createGunzip(), () => undefined);
