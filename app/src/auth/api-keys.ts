import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// `bmk_<prefix>_<secret>`: the prefix finds the row (and is safe to show and log), the secret is 256 random bits and
// stored only as its SHA-256 (a slow hash buys nothing against a secret of that entropy, and costs every request).
const FORMAT = /^bmk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  token: string;
  prefix: string;
  secretHash: string;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `bmk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(token: string): { prefix: string; secret: string } | null {
  const match = FORMAT.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
