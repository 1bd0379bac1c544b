import { target, type Scenario } from '../scenario';
import { PGBOUNCER } from './labels';

const pgb = target(PGBOUNCER);
const { namespace, pod } = PGBOUNCER;
const pool = { database: 'brownie', user: 'brownie_api' };
/** SHOW DATABASES row of pool `name` (its `database` label is the target database, not the pool). */
const dbRow = (name: string) => ({ name, database: 'brownie_prod', host: 'brownie-postgres', port: '5432' });
const poolUse = (name: string, active: number, poolSize: number) => [
  pgb('pgbouncer_pools_server_active_connections', `${active}x30`, { database: name, user: 'brownie_api' }),
  pgb('pgbouncer_databases_pool_size', `${poolSize}x30`, dbRow(name)),
];
const serverUse = (name: string, current: number, max: number) => [
  pgb('pgbouncer_databases_current_connections', `${current}x30`, dbRow(name)),
  pgb('pgbouncer_databases_max_connections', `${max}x30`, dbRow(name)),
];

export const pgbouncerScenarios: Scenario[] = [
  {
    alert: 'PgbouncerDown',
    severity: 'critical',
    firing: [pgb('pgbouncer_up', '0x30')],
    labels: PGBOUNCER,
    quiet: [pgb('pgbouncer_up', '1x30')],
  },
  {
    alert: 'PgbouncerClientsWaiting',
    severity: 'warning',
    firing: [pgb('pgbouncer_pools_client_maxwait_seconds', '12x30', pool)],
    labels: { namespace, pod, database: 'brownie' },
    quiet: [pgb('pgbouncer_pools_client_maxwait_seconds', '1x30', pool)],
  },
  {
    alert: 'PgbouncerPoolSaturated',
    severity: 'warning',
    firing: poolUse('brownie', 19, 20),
    labels: { namespace, pod, database: 'brownie' },
    // pool_size 0 is unlimited: no ratio; the other pool is half used.
    quiet: [...poolUse('brownie', 50, 0), ...poolUse('reporting', 10, 20)],
  },
  {
    alert: 'PgbouncerServerConnectionsNearMax',
    severity: 'warning',
    firing: serverUse('brownie', 48, 50),
    labels: { namespace, pod, database: 'brownie' },
    quiet: [...serverUse('brownie', 48, 0), ...serverUse('reporting', 25, 50)],
  },
  {
    alert: 'PgbouncerClientConnectionsNearMax',
    severity: 'warning',
    firing: [pgb('pgbouncer_used_clients', '900x30'), pgb('pgbouncer_config_max_client_connections', '1000x30')],
    labels: PGBOUNCER,
    quiet: [pgb('pgbouncer_used_clients', '500x30'), pgb('pgbouncer_config_max_client_connections', '1000x30')],
  },
];
