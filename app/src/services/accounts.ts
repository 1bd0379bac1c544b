// Sign-up (a new organization, its first team and its owner) and log-in with email and password.
import { randomUUID } from 'node:crypto';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/passwords';
import type { TokenService } from '../auth/tokens';
import type { Database } from '../db/database';
import { AppError } from '../http/errors';
import { slugify } from '../resources/common';
import { recordAudit } from './audit';

export interface SignupInput {
  email: string;
  password: string;
  username: string;
  full_name?: string | null;
  organization_name: string;
  organization_slug?: string;
  team_name: string;
}

const badLogin = () => new AppError(401, 'invalid-credentials', 'Unauthorized', 'incorrect email or password');

export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
  ) {}

  async signup(input: SignupInput, requestId: string) {
    const slug = input.organization_slug ?? slugify(input.organization_name);
    const [taken] = await this.db.query<{ taken: boolean }>('SELECT auth_org_slug_taken($1) AS taken', [slug]);
    if (taken?.taken) throw new AppError(409, 'conflict', 'Conflict', `the organization slug "${slug}" is taken`);
    const orgId = randomUUID();
    const passwordHash = await hashPassword(input.password);
    const created = await this.db.tenantTransaction(orgId, async (tx) => {
      const [org] = await tx.query(
        `INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3) RETURNING id, name, slug`,
        [orgId, input.organization_name, slug],
      );
      const [user] = await tx.query<{ id: string }>(
        `INSERT INTO users (org_id, email, username, full_name, password_hash, role, last_login_at)
         VALUES ($1, $2, $3, $4, $5, 'owner', now()) RETURNING id, email, username, full_name, role`,
        [orgId, input.email, input.username, input.full_name ?? null, passwordHash],
      );
      const [team] = await tx.query<{ id: string }>(
        `INSERT INTO teams (org_id, name, slug, created_by, updated_by) VALUES ($1, $2, $3, $4, $4) RETURNING id, name, slug`,
        [orgId, input.team_name, slugify(input.team_name), user!.id],
      );
      await tx.query(`UPDATE organizations SET created_by = $2, updated_by = $2 WHERE id = $1`, [orgId, user!.id]);
      await tx.query(
        `INSERT INTO team_memberships (org_id, team_id, user_id, role, created_by, updated_by) VALUES ($1, $2, $3, 'admin', $3, $3)`,
        [orgId, team!.id, user!.id],
      );
      const ctx = {
        principal: { kind: 'user' as const, id: user!.id, orgId, orgRole: 'owner' as const, teams: new Map() },
        requestId,
      };
      await recordAudit(tx, ctx, {
        action: 'organization.signup',
        entityType: 'organization',
        entityId: orgId,
        after: { org, user, team },
      });
      return { organization: org, user, team };
    });
    return { ...created, ...(await this.tokenFor(created.user!.id, orgId)) };
  }

  async login(email: string, password: string, organization?: string) {
    const candidates = await this.db.query<{
      id: string;
      org_id: string;
      password_hash: string | null;
      is_active: boolean;
    }>('SELECT * FROM auth_users_by_email($1, $2)', [email, organization ?? null]);
    if (candidates.length > 1) {
      throw new AppError(
        400,
        'organization-required',
        'Organization required',
        'this email belongs to several organizations: pass organization (its slug)',
      );
    }
    const [user] = candidates;
    if (!user) {
      await burnPasswordCheck(password);
      throw badLogin();
    }
    if (!(await verifyPassword(password, user.password_hash)) || !user.is_active) throw badLogin();
    await this.db.tenantTransaction(user.org_id, (tx) =>
      tx.query('UPDATE users SET last_login_at = now() WHERE id = $1', [user.id]),
    );
    return this.tokenFor(user.id, user.org_id);
  }

  private async tokenFor(userId: string, orgId: string) {
    const { token, expiresIn } = await this.tokens.issue({ userId, orgId });
    return { access_token: token, token_type: 'bearer' as const, expires_in: expiresIn };
  }
}
