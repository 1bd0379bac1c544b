import { hash, verify } from '@node-rs/argon2';

// Argon2id (the const enum value 2 of @node-rs/argon2, which isolatedModules cannot import) with its defaults:
// 19 MiB, 2 passes, 1 lane, OWASP's recommended floor.
const ARGON2ID = 2;

export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

export async function verifyPassword(password: string, passwordHash: string | null): Promise<boolean> {
  if (!passwordHash) return false;
  return verify(passwordHash, password).catch(() => false);
}

/** Spent on unknown emails too, so response time does not reveal which emails exist. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(password, await dummyHash);
}
