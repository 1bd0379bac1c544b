import type { MigrationBuilder } from 'node-pg-migrate';
import {
  entityColumns,
  isolateTenant,
  oneOf,
  tenantKeyColumns,
  tenantPairKey,
  tenantReference,
  touchOnUpdate,
} from '../lib/tenant-table';

const CRUD = 'SELECT, INSERT, UPDATE, DELETE';

export function up(pgm: MigrationBuilder): void {
  pgm.createTable('organizations', {
    id: { type: 'uuid', primaryKey: true, default: pgm.func('gen_random_uuid()') },
    name: { type: 'varchar(255)', notNull: true },
    slug: { type: 'varchar(100)', notNull: true, check: "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'" },
    description: { type: 'text' },
    is_active: { type: 'boolean', notNull: true, default: true },
    settings: { type: 'jsonb', notNull: true, default: '{}' },
    max_teams: { type: 'integer', notNull: true, default: 10, check: 'max_teams > 0' },
    max_users_per_team: { type: 'integer', notNull: true, default: 50, check: 'max_users_per_team > 0' },
    config_yaml: { type: 'text' },
    config_json: { type: 'jsonb' },
    config_version: { type: 'varchar(50)' },
    ...entityColumns(pgm),
  });
  // Slugs are global (they appear in URLs and logins); soft-deleted organizations release theirs.
  pgm.createIndex('organizations', 'slug', { unique: true, where: 'deleted_at IS NULL' });
  touchOnUpdate(pgm, 'organizations');
  isolateTenant(pgm, 'organizations', 'SELECT, INSERT, UPDATE', 'id');

  pgm.createTable('teams', {
    ...tenantKeyColumns(pgm),
    name: { type: 'varchar(255)', notNull: true },
    slug: { type: 'varchar(100)', notNull: true, check: "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'" },
    description: { type: 'text' },
    is_active: { type: 'boolean', notNull: true, default: true },
    settings: { type: 'jsonb', notNull: true, default: '{}' },
    permissions: { type: 'jsonb', notNull: true, default: '{}' },
    ...entityColumns(pgm),
  });
  tenantPairKey(pgm, 'teams');
  pgm.createIndex('teams', ['org_id', 'slug'], { unique: true, where: 'deleted_at IS NULL' });
  pgm.createIndex('teams', ['org_id', 'name'], { unique: true, where: 'deleted_at IS NULL' });
  touchOnUpdate(pgm, 'teams');
  isolateTenant(pgm, 'teams', CRUD);

  pgm.createTable('users', {
    ...tenantKeyColumns(pgm),
    email: { type: 'varchar(255)', notNull: true },
    username: { type: 'varchar(100)', notNull: true },
    full_name: { type: 'varchar(255)' },
    avatar_url: { type: 'varchar(500)' },
    password_hash: { type: 'varchar(255)' },
    role: { type: 'varchar(20)', notNull: true, default: 'member', check: oneOf('role', ORG_ROLES) },
    is_active: { type: 'boolean', notNull: true, default: true },
    is_verified: { type: 'boolean', notNull: true, default: false },
    oidc_subject: { type: 'varchar(255)' },
    oidc_provider: { type: 'varchar(100)' },
    preferences: { type: 'jsonb', notNull: true, default: '{}' },
    last_login_at: { type: 'timestamptz' },
    ...entityColumns(pgm),
  });
  tenantPairKey(pgm, 'users');
  pgm.createIndex('users', ['org_id', { name: 'lower(email)' }], {
    name: 'users_org_email_key',
    unique: true,
    where: 'deleted_at IS NULL',
  });
  pgm.createIndex('users', ['org_id', { name: 'lower(username)' }], {
    name: 'users_org_username_key',
    unique: true,
    where: 'deleted_at IS NULL',
  });
  pgm.createIndex('users', ['oidc_provider', 'oidc_subject'], { unique: true, where: 'oidc_subject IS NOT NULL' });
  pgm.addConstraint('users', 'users_oidc_pair', {
    check: '(oidc_subject IS NULL) = (oidc_provider IS NULL)',
  });
  touchOnUpdate(pgm, 'users');
  isolateTenant(pgm, 'users', CRUD);

  pgm.createTable('team_memberships', {
    ...tenantKeyColumns(pgm),
    team_id: { type: 'uuid', notNull: true },
    user_id: { type: 'uuid', notNull: true },
    role: { type: 'varchar(20)', notNull: true, default: 'member', check: oneOf('role', TEAM_ROLES) },
    ...entityColumns(pgm),
  });
  tenantReference(pgm, 'team_memberships', 'team_id', 'teams', 'CASCADE');
  tenantReference(pgm, 'team_memberships', 'user_id', 'users', 'CASCADE');
  pgm.createIndex('team_memberships', ['team_id', 'user_id'], { unique: true, where: 'deleted_at IS NULL' });
  touchOnUpdate(pgm, 'team_memberships');
  isolateTenant(pgm, 'team_memberships', CRUD);

  pgm.createTable('api_keys', {
    ...tenantKeyColumns(pgm),
    name: { type: 'varchar(255)', notNull: true },
    role: { type: 'varchar(20)', notNull: true, check: oneOf('role', API_KEY_ROLES) },
    // The public part of `bmk_<prefix>_<secret>`; globally unique so a key is found before its org is known.
    prefix: { type: 'varchar(32)', notNull: true, unique: true },
    secret_hash: { type: 'varchar(255)', notNull: true },
    last_used_at: { type: 'timestamptz' },
    expires_at: { type: 'timestamptz' },
    revoked_at: { type: 'timestamptz' },
    ...entityColumns(pgm),
  });
  pgm.createIndex('api_keys', ['org_id', 'created_at']);
  touchOnUpdate(pgm, 'api_keys');
  isolateTenant(pgm, 'api_keys', CRUD);
}

export function down(pgm: MigrationBuilder): void {
  for (const table of ['api_keys', 'team_memberships', 'users', 'teams', 'organizations']) pgm.dropTable(table);
}

const ORG_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
const TEAM_ROLES = ['admin', 'member', 'viewer'] as const;
const API_KEY_ROLES = ['admin', 'member', 'viewer'] as const;
