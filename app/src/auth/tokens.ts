// Access tokens (JWT via jose): HS256 with a shared secret or RS256 with a key pair; issuer, audience and expiry
// always checked. Optional OIDC: bearer tokens of a configured issuer, verified against its JWKS.
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, importPKCS8, importSPKI, jwtVerify, SignJWT, type JWTPayload, type KeyObject } from 'jose';
import type { Config } from '../config';

type TokenConfig = Pick<
  Config,
  | 'JWT_SECRET'
  | 'JWT_PRIVATE_KEY'
  | 'JWT_PUBLIC_KEY'
  | 'JWT_ISSUER'
  | 'JWT_AUDIENCE'
  | 'JWT_TTL_SECONDS'
  | 'OIDC_ISSUER'
  | 'OIDC_JWKS_URL'
  | 'OIDC_AUDIENCE'
>;

type JwtKey = Uint8Array | KeyObject | Awaited<ReturnType<typeof importPKCS8>>;

export interface AccessClaims {
  userId: string;
  orgId: string;
}

export interface TokenService {
  issue(claims: AccessClaims): Promise<{ token: string; expiresIn: number }>;
  /** Our own token → claims; null when it is not ours or not valid. */
  verify(token: string): Promise<AccessClaims | null>;
  /** An OIDC token of the configured issuer → its subject; null when OIDC is off or the token is not valid. */
  verifyOidc(token: string): Promise<{ issuer: string; subject: string } | null>;
  ephemeral: boolean;
}

export async function createTokenService(config: TokenConfig): Promise<TokenService> {
  const ephemeral = !config.JWT_SECRET && !config.JWT_PRIVATE_KEY;
  let signKey: JwtKey;
  let verifyKey: JwtKey;
  let alg: 'HS256' | 'RS256';
  if (config.JWT_PRIVATE_KEY && config.JWT_PUBLIC_KEY) {
    alg = 'RS256';
    signKey = await importPKCS8(config.JWT_PRIVATE_KEY, alg);
    verifyKey = await importSPKI(config.JWT_PUBLIC_KEY, alg);
  } else {
    alg = 'HS256';
    // Only the embedded `npm start` gets here without a secret (config refuses it otherwise): tokens die with the process.
    signKey = verifyKey = config.JWT_SECRET ? new TextEncoder().encode(config.JWT_SECRET) : randomBytes(32);
  }
  const jwks = config.OIDC_JWKS_URL ? createRemoteJWKSet(new URL(config.OIDC_JWKS_URL)) : undefined;

  return {
    ephemeral,
    async issue({ userId, orgId }) {
      const token = await new SignJWT({ org: orgId })
        .setProtectedHeader({ alg, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(config.JWT_ISSUER)
        .setAudience(config.JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${config.JWT_TTL_SECONDS}s`)
        .sign(signKey);
      return { token, expiresIn: config.JWT_TTL_SECONDS };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify<JWTPayload & { org?: unknown }>(token, verifyKey, {
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
          algorithms: [alg],
        });
        if (typeof payload.sub !== 'string' || typeof payload.org !== 'string') return null;
        return { userId: payload.sub, orgId: payload.org };
      } catch {
        return null;
      }
    },
    async verifyOidc(token) {
      if (!jwks || !config.OIDC_ISSUER) return null;
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: config.OIDC_ISSUER,
          ...(config.OIDC_AUDIENCE ? { audience: config.OIDC_AUDIENCE } : {}),
        });
        return typeof payload.sub === 'string' ? { issuer: config.OIDC_ISSUER, subject: payload.sub } : null;
      } catch {
        return null;
      }
    },
  };
}
