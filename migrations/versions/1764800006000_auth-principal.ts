import type { MigrationBuilder } from 'node-pg-migrate';
import { APP_ROLE } from '../lib/tenant-table';

// Resolving the caller of a request (its organization role and team roles) in one statement instead of a tenant
// transaction of three round trips. The (user, organization) pair comes from a verified token, and the function
// answers only for that pair.
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
    CREATE FUNCTION auth_principal(p_user uuid, p_org uuid)
    RETURNS TABLE (role text, teams jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT u.role, coalesce(jsonb_object_agg(m.team_id, m.role) FILTER (WHERE m.team_id IS NOT NULL), '{}')
      FROM users u
      JOIN organizations o ON o.id = u.org_id AND o.deleted_at IS NULL AND o.is_active
      LEFT JOIN team_memberships m ON m.user_id = u.id AND m.org_id = u.org_id AND m.deleted_at IS NULL
      WHERE u.id = p_user AND u.org_id = p_org AND u.deleted_at IS NULL AND u.is_active
      GROUP BY u.id, u.role
    $$`);
  pgm.sql('REVOKE ALL ON FUNCTION auth_principal(uuid, uuid) FROM PUBLIC');
  pgm.sql(`GRANT EXECUTE ON FUNCTION auth_principal(uuid, uuid) TO ${APP_ROLE}`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP FUNCTION auth_principal(uuid, uuid)');
}
