import type { MigrationBuilder } from 'node-pg-migrate';
import { isolateTenant, tenantKeyColumns } from '../lib/tenant-table';

export function up(pgm: MigrationBuilder): void {
  // Append-only: the application role may insert and read, never update or delete.
  pgm.createTable('audit_events', {
    ...tenantKeyColumns(pgm),
    actor_type: { type: 'varchar(20)', notNull: true, check: "actor_type IN ('user', 'api_key', 'system')" },
    actor_id: { type: 'uuid' },
    action: { type: 'varchar(100)', notNull: true },
    entity_type: { type: 'varchar(50)', notNull: true },
    entity_id: { type: 'uuid' },
    before: { type: 'jsonb' },
    after: { type: 'jsonb' },
    request_id: { type: 'varchar(200)' },
    at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.createIndex('audit_events', ['org_id', { name: 'at', sort: 'DESC' }, { name: 'id', sort: 'DESC' }]);
  pgm.createIndex('audit_events', ['org_id', 'entity_type', 'entity_id', { name: 'at', sort: 'DESC' }]);
  pgm.createIndex('audit_events', ['org_id', 'actor_id', { name: 'at', sort: 'DESC' }]);
  isolateTenant(pgm, 'audit_events', 'SELECT, INSERT');

  pgm.createTable('idempotency_keys', {
    ...tenantKeyColumns(pgm),
    key: { type: 'varchar(255)', notNull: true },
    method: { type: 'varchar(10)', notNull: true },
    path: { type: 'text', notNull: true },
    request_hash: { type: 'char(64)', notNull: true },
    // NULL while the first request is still running: a concurrent retry sees that and gets 409.
    response_status: { type: 'integer' },
    response_body: { type: 'jsonb' },
    response_headers: { type: 'jsonb' },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
    expires_at: { type: 'timestamptz', notNull: true, default: pgm.func("now() + interval '24 hours'") },
  });
  pgm.addConstraint('idempotency_keys', 'idempotency_keys_org_id_key_key', { unique: ['org_id', 'key'] });
  pgm.createIndex('idempotency_keys', 'expires_at');
  isolateTenant(pgm, 'idempotency_keys', 'SELECT, INSERT, UPDATE, DELETE');
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('idempotency_keys');
  pgm.dropTable('audit_events');
}
