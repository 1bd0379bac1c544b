// Client-side encryption with age (X25519 recipients): the backup job needs only public recipients, restores need
// an identity, and any object can be decrypted with the standard `age` CLI.
//
// On encryption the age-encryption library writes the header (recipient stanzas, header MAC, payload nonce) and
// Node's native ChaCha20-Poly1305 seals the payload (age's STREAM of 64 KiB chunks): about seven times faster than
// the library's JavaScript cipher here, which was most of a backup's CPU (README, "Performance").
import { createCipheriv, createHash, hkdfSync } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

const age = () => import('age-encryption');

const CHUNK = 64 * 1024;
const TAG = 16;

/** age's STREAM: each chunk's nonce is an 11-byte big-endian counter and a flag byte set on the last chunk only. */
class StreamSealer extends Transform {
  private readonly nonce = Buffer.alloc(12);
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private counter = 0n;

  constructor(private readonly key: Buffer) {
    super();
  }

  private seal(plain: Buffer, last: boolean): void {
    this.nonce.writeBigUInt64BE(this.counter++, 3); // the low 8 of the counter's 11 bytes; the top 3 stay 0
    this.nonce[11] = last ? 1 : 0;
    const cipher = createCipheriv('chacha20-poly1305', this.key, this.nonce, { authTagLength: TAG });
    // One buffer per sealed chunk: every chunk costs more downstream (hashing, writes) than this copy does.
    const sealed = cipher.update(plain);
    cipher.final();
    this.push(Buffer.concat([sealed, cipher.getAuthTag()], sealed.length + TAG));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (let at = 0; at < chunk.length; ) {
      // A full chunk is sealed only once more data follows it, since the last chunk carries the flag.
      if (this.used === CHUNK) {
        this.seal(this.buffer, false);
        this.used = 0;
      }
      const n = chunk.copy(this.buffer, this.used, at);
      this.used += n;
      at += n;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.seal(this.buffer.subarray(0, this.used), true);
    done();
  }
}

export async function encrypt(input: Readable, recipients: readonly string[]): Promise<Readable> {
  const { Encrypter } = await age();
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  // A recipient that adds no stanza and keeps the file key, from which the payload key is derived.
  let fileKey: Uint8Array | undefined;
  encrypter.addRecipient({
    wrapFileKey: (key: Uint8Array) => {
      fileKey = key;
      return [];
    },
  });
  // An empty file is the header, the 16-byte payload nonce, and an empty final chunk (just its tag).
  const empty = await encrypter.encrypt(new Uint8Array(0));
  const head = Buffer.from(empty.subarray(0, empty.length - TAG));
  const payloadNonce = head.subarray(head.length - 16);
  const sealer = new StreamSealer(Buffer.from(hkdfSync('sha256', fileKey!, payloadNonce, 'payload', 32)));
  sealer.push(head);
  input.once('error', (error) => sealer.destroy(error));
  return input.pipe(sealer);
}

/** Rejects before any output when no identity matches; the stream errors if the ciphertext was altered or cut. */
export async function decrypt(input: Readable, identities: readonly string[]): Promise<Readable> {
  const { Decrypter } = await age();
  const decrypter = new Decrypter();
  for (const i of identities) decrypter.addIdentity(i);
  const output = await decrypter.decrypt(Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>);
  return Readable.fromWeb(output as unknown as WebReadableStream<Uint8Array>);
}

/** The secret keys of an age identity file (comments and blank lines skipped). */
export function parseIdentityFile(text: string): string[] {
  const keys = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (!keys.length) throw new Error('BACKUP_AGE_IDENTITY_FILE: no AGE-SECRET-KEY- line in the file');
  return keys;
}

/** A short, stable name for a recipient, recorded in manifests (the recipient itself is public anyway). */
export const fingerprint = (recipient: string) =>
  `sha256:${createHash('sha256').update(recipient).digest('hex').slice(0, 16)}`;
