// PostgreSQL parameters that no longer exist: the config schema refuses them, since the server would not start.

export const REMOVED_PARAMETERS: Record<string, string> = {
  checkpoint_segments: 'removed in PostgreSQL 9.5 (use max_wal_size)',
  wal_keep_segments: 'removed in PostgreSQL 13 (use wal_keep_size)',
  operator_precedence_warning: 'removed in PostgreSQL 14',
  vacuum_cleanup_index_scale_factor: 'removed in PostgreSQL 14',
  stats_temp_directory: 'removed in PostgreSQL 15',
  force_parallel_mode: 'renamed in PostgreSQL 16 (use debug_parallel_query)',
  promote_trigger_file: 'removed in PostgreSQL 16 (Patroni promotes through pg_ctl)',
  vacuum_defer_cleanup_age: 'removed in PostgreSQL 16',
};
