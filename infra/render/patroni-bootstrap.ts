// Patroni's post_bootstrap script: runs once, on the first primary, right after initdb. It creates the roles of
// docs/database.md (owner, the service's LOGIN role; brownie_app itself comes from the first migration), the
// database, and PgBouncer's auth_query function, so no password list is ever rendered. Passwords come from the
// environment (BROWNIE_* names: PG* variables would override Patroni's own password file).
import { APP_ROLE } from '../../migrations/lib/tenant-table';
import type { PlatformConfig } from '../config';

export const BOOTSTRAP_PASSWORD_ENV = {
  owner: 'BROWNIE_OWNER_PASSWORD',
  app: 'BROWNIE_APP_PASSWORD',
  backup: 'BROWNIE_BACKUP_PASSWORD',
  pgbouncerAuth: 'BROWNIE_PGBOUNCER_AUTH_PASSWORD',
} as const;

/** SQL run in the application database so PgBouncer can look any role's SCRAM secret up without reading pg_authid. */
export function pgbouncerAuthFunctionSql(c: PlatformConfig): string {
  const auth = c.pgbouncer.authUser;
  return `CREATE SCHEMA ${auth} AUTHORIZATION ${auth};
CREATE FUNCTION ${auth}.get_auth(p_usename text) RETURNS TABLE(usename name, passwd text)
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS
  $$ SELECT usename, passwd FROM pg_shadow WHERE usename = p_usename AND NOT usesuper $$;
REVOKE ALL ON FUNCTION ${auth}.get_auth(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${auth}.get_auth(text) TO ${auth};
`;
}

/** The auth_query PgBouncer runs (superusers are never served through the pooler). */
export const pgbouncerAuthQuery = (c: PlatformConfig): string =>
  `SELECT usename, passwd FROM ${c.pgbouncer.authUser}.get_auth($1)`;

export function renderPostBootstrapScript(c: PlatformConfig): string {
  const { database, ownerUser, appUser, backupUser } = c.postgres;
  const env = BOOTSTRAP_PASSWORD_ENV;
  return `#!/bin/sh
# Patroni runs this once after initdb with a superuser connection string as $1.
set -eu
psql "$1" -v ON_ERROR_STOP=1 \\
  -v owner_password="$${env.owner}" -v app_password="$${env.app}" -v backup_password="$${env.backup}" \\
  -v auth_password="$${env.pgbouncerAuth}" <<'SQL'
CREATE ROLE ${ownerUser} LOGIN BYPASSRLS PASSWORD :'owner_password';
CREATE ROLE ${appUser} LOGIN NOBYPASSRLS PASSWORD :'app_password';
ALTER ROLE ${appUser} SET statement_timeout = '30s';
-- The first migration creates ${APP_ROLE} only when missing; creating it here lets the login role join it now.
DO $$ BEGIN CREATE ROLE ${APP_ROLE} NOLOGIN NOBYPASSRLS; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT ${APP_ROLE} TO ${appUser};
CREATE ROLE ${c.pgbouncer.authUser} LOGIN PASSWORD :'auth_password';
CREATE ROLE ${backupUser} LOGIN BYPASSRLS CREATEDB PASSWORD :'backup_password';
GRANT pg_read_all_data TO ${backupUser};
CREATE DATABASE ${database} OWNER ${ownerUser};
\\connect ${database}
${pgbouncerAuthFunctionSql(c)}SQL
`;
}
