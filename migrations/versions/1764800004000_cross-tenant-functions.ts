import type { MigrationBuilder } from 'node-pg-migrate';
import { APP_ROLE } from '../lib/tenant-table';

// Log-in happens before the organization is known, and the platform-wide metrics count every tenant, so these must
// see all rows. They are SECURITY DEFINER functions owned by the migrating role (a superuser, or the platform owner role with BYPASSRLS, so
// forced RLS does not hide rows from them), return only what their caller needs, and are the only cross-tenant path
// the application role has.
export function up(pgm: MigrationBuilder): void {
  // Functions run as their owner, and forced RLS filters the owner too unless it bypasses RLS: refuse loudly rather
  // than ship log-ins that find nobody.
  pgm.sql(`
    DO $$ BEGIN
      IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'migrations must run as a superuser or a BYPASSRLS role (% is neither): the SECURITY DEFINER auth functions it owns must see every tenant', current_user;
      END IF;
    END $$`);
  pgm.sql(`
    CREATE FUNCTION auth_users_by_email(p_email text, p_org_slug text)
    RETURNS TABLE (id uuid, org_id uuid, password_hash text, is_active boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT u.id, u.org_id, u.password_hash, u.is_active AND o.is_active
      FROM users u JOIN organizations o ON o.id = u.org_id
      WHERE lower(u.email) = lower(p_email) AND u.deleted_at IS NULL AND o.deleted_at IS NULL
        AND (p_org_slug IS NULL OR o.slug = p_org_slug)
    $$`);
  pgm.sql(`
    CREATE FUNCTION auth_api_key(p_prefix text)
    RETURNS TABLE (id uuid, org_id uuid, role text, secret_hash text, expires_at timestamptz, revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT k.id, k.org_id, k.role, k.secret_hash, k.expires_at, coalesce(k.revoked_at, k.deleted_at)
      FROM api_keys k JOIN organizations o ON o.id = k.org_id
      WHERE k.prefix = p_prefix AND o.deleted_at IS NULL AND o.is_active
    $$`);
  pgm.sql(`
    CREATE FUNCTION auth_user_by_oidc(p_provider text, p_subject text)
    RETURNS TABLE (id uuid, org_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT u.id, u.org_id FROM users u JOIN organizations o ON o.id = u.org_id
      WHERE u.oidc_provider = p_provider AND u.oidc_subject = p_subject
        AND u.deleted_at IS NULL AND u.is_active AND o.deleted_at IS NULL AND o.is_active
    $$`);
  pgm.sql(`
    CREATE FUNCTION auth_org_slug_taken(p_slug text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = p_slug AND deleted_at IS NULL)
    $$`);
  pgm.sql(`
    CREATE FUNCTION platform_totals()
    RETURNS TABLE (metric text, label text, value bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT 'organizations', '', count(*) FROM organizations WHERE deleted_at IS NULL AND is_active
      UNION ALL SELECT 'teams', '', count(*) FROM teams WHERE deleted_at IS NULL
      UNION ALL SELECT 'users', '', count(*) FROM users WHERE deleted_at IS NULL
      UNION ALL SELECT 'users_active', '', count(*) FROM users
        WHERE deleted_at IS NULL AND is_active AND last_login_at > now() - interval '30 days'
      UNION ALL SELECT 'agent_configs', is_active::text, count(*) FROM agent_configs WHERE deleted_at IS NULL GROUP BY is_active
      UNION ALL SELECT 'incidents_active', priority, count(*) FROM incidents
        WHERE deleted_at IS NULL AND status IN ('open', 'in_progress') GROUP BY priority
    $$`);
  for (const fn of FUNCTIONS) {
    pgm.sql(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    pgm.sql(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
  }
}

export function down(pgm: MigrationBuilder): void {
  for (const fn of FUNCTIONS) pgm.sql(`DROP FUNCTION ${fn}`);
}

const FUNCTIONS = [
  'auth_users_by_email(text, text)',
  'auth_api_key(text)',
  'auth_user_by_oidc(text, text)',
  'auth_org_slug_taken(text)',
  'platform_totals()',
];
