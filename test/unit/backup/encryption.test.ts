// The payload sealed with Node's cipher must be plain age: the library and the age CLI both decrypt it, at every
// chunk boundary (the last chunk carries a flag, and may be empty only when the whole payload is).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { decrypt, encrypt } from '../../../app/src/backup/encryption';
import { collect, pieces } from './streams';

const CHUNK = 64 * 1024;
let identity: string;
let recipient: string;

beforeAll(async () => {
  const { generateIdentity, identityToRecipient } = await import('age-encryption');
  identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
});

describe('encrypt', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 5 * CHUNK + 12_345])(
    'given %i bytes, when sealed, then the age library decrypts them back unchanged',
    async (size) => {
      const plain = randomBytes(size);
      const sealed = await collect(await encrypt(pieces(plain, CHUNK), [recipient]));
      const chunks = Math.max(1, Math.ceil(size / CHUNK));
      expect(sealed.length).toBeGreaterThanOrEqual(size + chunks * 16);
      expect(await collect(await decrypt(Readable.from([sealed]), [identity]))).toEqual(plain);
    },
  );

  it('given a payload of exactly two chunks, then the age CLI decrypts it (the flag is on the second chunk)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'brownie-age-'));
    try {
      writeFileSync(path.join(dir, 'key.txt'), `${identity}\n`);
      const plain = randomBytes(2 * CHUNK);
      writeFileSync(path.join(dir, 'x.age'), await collect(await encrypt(pieces(plain, CHUNK), [recipient])));
      const out = execFileSync('age', ['-d', '-i', path.join(dir, 'key.txt'), path.join(dir, 'x.age')]);
      expect(out.equals(plain)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given one altered byte in the payload, then decryption fails', async () => {
    const sealed = await collect(await encrypt(pieces(randomBytes(3 * CHUNK), CHUNK), [recipient]));
    sealed[sealed.length - 100_000]! ^= 1;
    await expect(collect(await decrypt(Readable.from([sealed]), [identity]))).rejects.toThrow();
  });

  it('given a source that fails, then the sealed stream fails too', async () => {
    const source = new Readable({ read() {} });
    const sealed = await encrypt(source, [recipient]);
    source.destroy(new Error('pg_dump died'));
    await expect(collect(sealed)).rejects.toThrow('pg_dump died');
  });
});
