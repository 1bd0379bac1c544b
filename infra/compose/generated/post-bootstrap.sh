#!/bin/sh
# Patroni runs this once after initdb with a superuser connection string as $1.
set -eu
psql "$1" -v ON_ERROR_STOP=1 \
  -v owner_password="$BROWNIE_OWNER_PASSWORD" -v app_password="$BROWNIE_APP_PASSWORD" -v backup_password="$BROWNIE_BACKUP_PASSWORD" \
  -v auth_password="$BROWNIE_PGBOUNCER_AUTH_PASSWORD" <<'SQL'
CREATE ROLE brownie_owner LOGIN BYPASSRLS PASSWORD :'owner_password';
CREATE ROLE brownie_api LOGIN NOBYPASSRLS PASSWORD :'app_password';
ALTER ROLE brownie_api SET statement_timeout = '30s';
-- The first migration creates brownie_app only when missing; creating it here lets the login role join it now.
DO $$ BEGIN CREATE ROLE brownie_app NOLOGIN NOBYPASSRLS; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT brownie_app TO brownie_api;
CREATE ROLE pgbouncer_auth LOGIN PASSWORD :'auth_password';
CREATE ROLE brownie_backup LOGIN BYPASSRLS CREATEDB PASSWORD :'backup_password';
GRANT pg_read_all_data TO brownie_backup;
CREATE DATABASE brownie OWNER brownie_owner;
\connect brownie
CREATE SCHEMA pgbouncer_auth AUTHORIZATION pgbouncer_auth;
CREATE FUNCTION pgbouncer_auth.get_auth(p_usename text) RETURNS TABLE(usename name, passwd text)
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS
  $$ SELECT usename, passwd FROM pg_shadow WHERE usename = p_usename AND NOT usesuper $$;
REVOKE ALL ON FUNCTION pgbouncer_auth.get_auth(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgbouncer_auth.get_auth(text) TO pgbouncer_auth;
SQL
