import type { MigrationBuilder } from 'node-pg-migrate';
import { APP_ROLE, oneOf } from '../lib/tenant-table';

// Platform table, not tenant data: every backup, restore, verify, drill and cleanup run, so status and metrics
// survive restarts of the API, the CronJob or the CLI. No row-level security: no tenant route reads it.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('backup_runs', {
    id: { type: 'uuid', primaryKey: true, default: pgm.func('gen_random_uuid()') },
    kind: {
      type: 'varchar(20)',
      notNull: true,
      check: oneOf('kind', ['backup', 'restore', 'verify', 'drill', 'cleanup']),
    },
    name: { type: 'varchar(255)' },
    status: {
      type: 'varchar(20)',
      notNull: true,
      default: 'running',
      check: oneOf('status', ['running', 'success', 'failure']),
    },
    started_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
    finished_at: { type: 'timestamptz' },
    bytes: { type: 'bigint' },
    error: { type: 'text' },
    details: { type: 'jsonb', notNull: true, default: '{}' },
    triggered_by: { type: 'varchar(50)', notNull: true, default: 'cli' },
  });
  pgm.createIndex('backup_runs', ['kind', 'status', { name: 'started_at', sort: 'DESC' }]);
  // One backup or restore at a time, across every process that records runs here.
  pgm.createIndex('backup_runs', 'status', {
    name: 'backup_runs_one_running',
    unique: true,
    where: "status = 'running' AND kind IN ('backup', 'restore')",
  });
  pgm.sql(`GRANT SELECT, INSERT, UPDATE ON backup_runs TO ${APP_ROLE}`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('backup_runs');
}
