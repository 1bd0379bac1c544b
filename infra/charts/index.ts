export * from './platform';
export * from './monitoring-inputs';
export { flows, type Flow, type Peer } from './network-policies';
export { migrationsJobName, MIGRATIONS_COMMAND } from './migrations';
export { BACKUP_CLI } from './backup';
export { RUN_AS } from './pod';
export * from './manifests';
