// Client-side encryption with age (X25519 recipients): the backup job needs only public recipients, restores need
// an identity, and any object can be decrypted with the standard `age` CLI.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

const age = () => import('age-encryption');

export async function encrypt(input: Readable, recipients: readonly string[]): Promise<Readable> {
  const { Encrypter } = await age();
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  const output = await encrypter.encrypt(Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>);
  return Readable.fromWeb(output as unknown as WebReadableStream<Uint8Array>);
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
