// Blocks compressed on the thread pool must come out in order as one valid gzip file: Node's Gunzip and the gzip
// CLI both read it whole, at every block boundary; an error of the input reaches the reader.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { pipeGunzip, pipeGzip, GZIP_BLOCK } from '../../../app/src/backup/parallel-gzip';
import { collect, pieces } from './streams';

/** Half random, half repetitive, like a dump. */
function sample(size: number): Buffer {
  const data = Buffer.alloc(size, 'the checkout service is slow ');
  randomBytes(Math.floor(size / 2)).copy(data);
  return data;
}

describe('ParallelGzip', () => {
  it.each([0, 1, GZIP_BLOCK - 1, GZIP_BLOCK, GZIP_BLOCK + 1, 7 * GZIP_BLOCK + 12_345])(
    'given %i bytes, then Node and the gzip CLI inflate the output back unchanged',
    async (size) => {
      const data = sample(size);
      const gz = await collect(pipeGzip(pieces(data, GZIP_BLOCK), 6));
      expect(gunzipSync(gz).equals(data)).toBe(true);
      expect(execFileSync('gzip', ['-dc'], { input: gz, maxBuffer: 64 << 20 }).equals(data)).toBe(true);
      expect((await collect(pipeGunzip(Readable.from([gz])))).equals(data)).toBe(true);
    },
  );

  it('writes one gzip member per 1 MiB block, in input order, although blocks finish in any order', async () => {
    const data = sample(5 * GZIP_BLOCK + 100);
    const blocks = Array.from({ length: 6 }, (_, i) => data.subarray(i * GZIP_BLOCK, (i + 1) * GZIP_BLOCK));
    const gz = await collect(pipeGzip(Readable.from(blocks), 6));
    expect(gz.equals(Buffer.concat(blocks.map((b) => gzipSync(b, { level: 6 }))))).toBe(true);
    expect(gz.length).toBeLessThan(0.6 * data.length);
  });

  it('passes an error of its input on to the reader', async () => {
    const failing = new Readable({
      read() {
        this.push(randomBytes(GZIP_BLOCK + 1));
        this.destroy(new Error('pg_dump went away'));
      },
    });
    await expect(collect(pipeGzip(failing, 6))).rejects.toThrow('pg_dump went away');
  });

  it('refuses a truncated gzip stream', async () => {
    const gz = await collect(pipeGzip(Readable.from([sample(3 * GZIP_BLOCK)]), 6));
    await expect(collect(pipeGunzip(Readable.from([gz.subarray(0, gz.length - 100)])))).rejects.toThrow(
      /unexpected end of file/,
    );
  });
});
