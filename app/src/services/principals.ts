// Turns a credential into a Principal: our JWT, an API key (cached in Redis), or an OIDC token of the configured
// issuer. A credential that does not resolve is simply null: the caller answers 401.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseApiKey, secretMatches } from '../auth/api-keys';
import type { ApiKeyRole, OrgRole, Principal, TeamRole } from '../auth/principal';
import type { TokenService } from '../auth/tokens';
import type { Database } from '../db/database';

interface CachedKey {
  id: string;
  orgId: string;
  role: ApiKeyRole;
  secretHash: string;
  expiresAt: string | null;
  revoked: boolean;
}

const cacheKey = (prefix: string) => `brownie:apikey:${prefix}`;
const LAST_USED_EVERY_MS = 60_000;

export class PrincipalResolver {
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
    private readonly redis: Redis | undefined,
    private readonly cacheTtlSeconds: number,
    private readonly logger: Logger,
  ) {}

  async resolve(credential: string): Promise<Principal | null> {
    if (credential.startsWith('bmk_')) return this.fromApiKey(credential);
    const claims = await this.tokens.verify(credential);
    if (claims) return this.loadUser(claims.orgId, claims.userId);
    const oidc = await this.tokens.verifyOidc(credential);
    if (!oidc) return null;
    const [user] = await this.db.query<{ id: string; org_id: string }>('SELECT * FROM auth_user_by_oidc($1, $2)', [
      oidc.issuer,
      oidc.subject,
    ]);
    return user ? this.loadUser(user.org_id, user.id) : null;
  }

  /** A user's organization role and team roles, or null when the user or organization is gone or inactive. */
  async loadUser(orgId: string, userId: string): Promise<Principal | null> {
    const [row] = await this.db.query<{ role: OrgRole; teams: Record<string, TeamRole> }>(
      'SELECT * FROM auth_principal($1, $2)',
      [userId, orgId],
    );
    return row
      ? { kind: 'user', id: userId, orgId, orgRole: row.role, teams: new Map(Object.entries(row.teams)) }
      : null;
  }

  /** Forget a key's cached lookup (revoked, role changed). Redis being away is fine: nothing was cached then. */
  async invalidateApiKey(prefix: string): Promise<void> {
    await this.redis?.del(cacheKey(prefix)).catch(() => undefined);
  }

  private async fromApiKey(token: string): Promise<Principal | null> {
    const parsed = parseApiKey(token);
    if (!parsed) return null;
    const key = await this.lookupKey(parsed.prefix);
    if (!key || key.revoked || (key.expiresAt && new Date(key.expiresAt) <= new Date())) return null;
    if (!secretMatches(parsed.secret, key.secretHash)) return null;
    await this.touch(key);
    return { kind: 'api_key', id: key.id, orgId: key.orgId, orgRole: key.role, teams: new Map() };
  }

  private async lookupKey(prefix: string): Promise<CachedKey | null> {
    const cached = await this.redis?.get(cacheKey(prefix)).catch(() => null);
    if (cached) return JSON.parse(cached) as CachedKey;
    const [row] = await this.db.query<{
      id: string;
      org_id: string;
      role: ApiKeyRole;
      secret_hash: string;
      expires_at: Date | null;
      revoked_at: Date | null;
    }>('SELECT * FROM auth_api_key($1)', [prefix]);
    if (!row) return null;
    const key: CachedKey = {
      id: row.id,
      orgId: row.org_id,
      role: row.role,
      secretHash: row.secret_hash,
      expiresAt: row.expires_at?.toISOString() ?? null,
      revoked: row.revoked_at !== null,
    };
    await this.redis?.set(cacheKey(prefix), JSON.stringify(key), 'EX', this.cacheTtlSeconds).catch(() => undefined);
    return key;
  }

  /** last_used_at at most once a minute per key and process: a write per request would cost more than it tells. */
  private async touch(key: CachedKey): Promise<void> {
    const now = Date.now();
    if (now - (this.lastUsedWritten.get(key.id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(key.id, now);
    await this.db
      .tenantTransaction(key.orgId, (tx) =>
        tx.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [key.id]),
      )
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'could not record api key use'));
  }
}
