// Stream helpers the backup unit tests share.
import { Readable } from 'node:stream';

/** Feeds `data` in uneven pieces, as a pipe would; `large` is the size around which the stage under test cuts. */
export function pieces(data: Buffer, large: number): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = [1, 7_000, large, 100_000, 3][i % 5]!;
    parts.push(data.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
