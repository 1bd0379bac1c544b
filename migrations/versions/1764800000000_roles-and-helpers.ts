import type { MigrationBuilder } from 'node-pg-migrate';
import { APP_ROLE } from '../lib/tenant-table';

// The application role is cluster-wide and may already exist (another database on the same server, a re-run after
// `down`): create it only when missing and never drop it in `down`, since other databases may still hold its grants.
export function up(pgm: MigrationBuilder): void {
  // Look before creating: PostgreSQL checks CREATEROLE before it looks for the role, so an owner without CREATEROLE
  // (the platform's) could not run this even when the role exists. A concurrent creation still lands in EXCEPTION.
  pgm.sql(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  pgm.sql(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
  pgm.sql(`
    CREATE FUNCTION app_current_org() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$`);
  pgm.sql(`
    CREATE FUNCTION app_touch_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.updated_at := now();
      NEW.version := OLD.version + 1;
      RETURN NEW;
    END $$`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP FUNCTION app_touch_row()');
  pgm.sql('DROP FUNCTION app_current_org()');
  pgm.sql(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
}
