// Random bodies of a known digest, streamed so the providers' chunking paths run without a big buffer in the test.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 1024 * 1024;

/** `size` random bytes; `digest()` is their sha256 once the stream has been read to the end. */
export function randomBody(size: number, failAfter?: number): { body: Readable; digest: () => string } {
  const hash = createHash('sha256');
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let sent = 0; sent < size; sent += CHUNK) {
      if (failAfter !== undefined && sent >= failAfter) throw new Error('the source broke');
      const chunk = randomBytes(Math.min(CHUNK, size - sent));
      hash.update(chunk);
      yield chunk;
    }
  }
  return { body: Readable.from(chunks(), { objectMode: false }), digest: () => hash.copy().digest('hex') };
}

export async function sha256(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
