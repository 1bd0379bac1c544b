import type { MigrationBuilder } from 'node-pg-migrate';
import {
  entityColumns,
  isolateTenant,
  oneOf,
  tenantKeyColumns,
  tenantReference,
  touchOnUpdate,
} from '../lib/tenant-table';

const CRUD = 'SELECT, INSERT, UPDATE, DELETE';
const INCIDENT_STATUSES = ['open', 'in_progress', 'resolved', 'closed', 'cancelled'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
const AGENT_TYPES = ['incident_response', 'monitoring', 'analysis', 'notification', 'custom'] as const;
const CONFIG_TYPES = ['organization', 'team', 'alert', 'agent', 'global'] as const;
const CONFIG_STATUSES = ['draft', 'active', 'deprecated', 'archived'] as const;

export function up(pgm: MigrationBuilder): void {
  pgm.createTable('incidents', {
    ...tenantKeyColumns(pgm),
    team_id: { type: 'uuid', notNull: true },
    title: { type: 'varchar(500)', notNull: true },
    description: { type: 'text' },
    status: { type: 'varchar(20)', notNull: true, default: 'open', check: oneOf('status', INCIDENT_STATUSES) },
    priority: { type: 'varchar(20)', notNull: true, default: 'medium', check: oneOf('priority', PRIORITIES) },
    assigned_to: { type: 'uuid' },
    started_at: { type: 'timestamptz' },
    resolved_at: { type: 'timestamptz' },
    closed_at: { type: 'timestamptz' },
    response_time_minutes: { type: 'integer', check: 'response_time_minutes >= 0' },
    resolution_time_minutes: { type: 'integer', check: 'resolution_time_minutes >= 0' },
    tags: { type: 'text[]', notNull: true, default: '{}' },
    metadata: { type: 'jsonb', notNull: true, default: '{}' },
    // Full-text search over title and description, kept by PostgreSQL itself.
    search: {
      type: 'tsvector',
      expressionGenerated: "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, ''))",
    },
    ...entityColumns(pgm),
  });
  tenantReference(pgm, 'incidents', 'team_id', 'teams', 'CASCADE');
  tenantReference(pgm, 'incidents', 'assigned_to', 'users', 'SET NULL');
  // Keyset pagination of the list queries: newest first, id as the tie-breaker.
  pgm.createIndex('incidents', ['org_id', { name: 'created_at', sort: 'DESC' }, { name: 'id', sort: 'DESC' }]);
  pgm.createIndex('incidents', ['org_id', 'status', { name: 'created_at', sort: 'DESC' }]);
  pgm.createIndex('incidents', ['org_id', 'team_id', { name: 'created_at', sort: 'DESC' }]);
  pgm.createIndex('incidents', ['org_id', 'priority', { name: 'created_at', sort: 'DESC' }]);
  pgm.createIndex('incidents', 'search', { method: 'gin' });
  pgm.createIndex('incidents', 'tags', { method: 'gin' });
  touchOnUpdate(pgm, 'incidents');
  isolateTenant(pgm, 'incidents', CRUD);

  pgm.createTable('agent_configs', {
    ...tenantKeyColumns(pgm),
    team_id: { type: 'uuid', notNull: true },
    name: { type: 'varchar(255)', notNull: true },
    description: { type: 'text' },
    agent_type: { type: 'varchar(30)', notNull: true, check: oneOf('agent_type', AGENT_TYPES) },
    is_active: { type: 'boolean', notNull: true, default: true },
    config: { type: 'jsonb', notNull: true, default: '{}' },
    execution_timeout_seconds: { type: 'integer', notNull: true, default: 300, check: 'execution_timeout_seconds > 0' },
    max_retries: { type: 'integer', notNull: true, default: 3, check: 'max_retries >= 0' },
    retry_delay_seconds: { type: 'integer', notNull: true, default: 60, check: 'retry_delay_seconds > 0' },
    triggers: { type: 'jsonb', notNull: true, default: '{}' },
    conditions: { type: 'jsonb', notNull: true, default: '{}' },
    tags: { type: 'text[]', notNull: true, default: '{}' },
    metadata: { type: 'jsonb', notNull: true, default: '{}' },
    ...entityColumns(pgm),
  });
  tenantReference(pgm, 'agent_configs', 'team_id', 'teams', 'CASCADE');
  pgm.createIndex('agent_configs', ['team_id', 'name'], { unique: true, where: 'deleted_at IS NULL' });
  pgm.createIndex('agent_configs', ['org_id', 'agent_type', { name: 'created_at', sort: 'DESC' }]);
  touchOnUpdate(pgm, 'agent_configs');
  isolateTenant(pgm, 'agent_configs', CRUD);

  pgm.createTable('configs', {
    ...tenantKeyColumns(pgm),
    team_id: { type: 'uuid' },
    name: { type: 'varchar(255)', notNull: true },
    description: { type: 'text' },
    config_type: { type: 'varchar(20)', notNull: true, check: oneOf('config_type', CONFIG_TYPES) },
    status: { type: 'varchar(20)', notNull: true, default: 'draft', check: oneOf('status', CONFIG_STATUSES) },
    name_pattern: { type: 'varchar(500)' },
    severity_pattern: { type: 'varchar(500)' },
    team_pattern: { type: 'varchar(500)' },
    priority: { type: 'integer', notNull: true, default: 0 },
    is_global: { type: 'boolean', notNull: true, default: false },
    is_active: { type: 'boolean', notNull: true, default: true },
    config_yaml: { type: 'text' },
    config_json: { type: 'jsonb' },
    config_version: { type: 'varchar(50)' },
    tags: { type: 'text[]', notNull: true, default: '{}' },
    metadata: { type: 'jsonb', notNull: true, default: '{}' },
    ...entityColumns(pgm),
  });
  tenantReference(pgm, 'configs', 'team_id', 'teams', 'CASCADE');
  pgm.createIndex('configs', ['org_id', 'config_type', 'status', { name: 'priority', sort: 'DESC' }]);
  touchOnUpdate(pgm, 'configs');
  isolateTenant(pgm, 'configs', CRUD);

  pgm.createTable('stats', {
    ...tenantKeyColumns(pgm),
    team_id: { type: 'uuid' },
    metric_name: { type: 'varchar(255)', notNull: true },
    metric_type: { type: 'varchar(50)', notNull: true },
    value: { type: 'double precision', notNull: true },
    count: { type: 'integer', check: 'count >= 0' },
    timestamp: { type: 'timestamptz', notNull: true },
    time_window: { type: 'varchar(50)' },
    labels: { type: 'jsonb', notNull: true, default: '{}' },
    unit: { type: 'varchar(50)' },
    description: { type: 'text' },
    ...entityColumns(pgm),
  });
  tenantReference(pgm, 'stats', 'team_id', 'teams', 'CASCADE');
  pgm.createIndex('stats', ['org_id', 'metric_name', { name: 'timestamp', sort: 'DESC' }]);
  touchOnUpdate(pgm, 'stats');
  isolateTenant(pgm, 'stats', CRUD);
}

export function down(pgm: MigrationBuilder): void {
  for (const table of ['stats', 'configs', 'agent_configs', 'incidents']) pgm.dropTable(table);
}
