// pgbouncer.ini: transaction pooling in front of the Patroni primary (database <db>) and the replicas
// (<db>_replica), passwords looked up with auth_query, so the only secret file holds the auth user's own password.
import type { PlatformConfig } from '../config';
import { names, PORTS, versionAtLeast } from '../config';
import { pgbouncerAuthQuery } from './patroni-bootstrap';
import { toIni } from './serialize';

export const PGBOUNCER_PATHS = {
  config: '/etc/pgbouncer/pgbouncer.ini',
  authFile: '/etc/pgbouncer/auth/userlist.txt',
} as const;

export interface PgbouncerEndpoints {
  listenAddr: string;
  listenPort: number;
  primary: { host: string; port: number };
  replicas: { host: string; port: number };
  authFile: string;
}

/** In the cluster: Patroni's primary and replica Services. */
export function kubernetesPgbouncerEndpoints(c: PlatformConfig): PgbouncerEndpoints {
  const n = names(c);
  const service = (name: string) => ({ host: `${name}.${c.namespace}.svc`, port: PORTS.postgres });
  return {
    listenAddr: '0.0.0.0',
    listenPort: PORTS.pgbouncer,
    primary: service(n.cluster),
    replicas: service(n.replicaService),
    authFile: PGBOUNCER_PATHS.authFile,
  };
}

/**
 * node-pg sends statement_timeout as a startup parameter: PgBouncer ≥ 1.20 carries it to the server connection;
 * older releases refuse unknown parameters, so there it is ignored and the role's own default applies (set by the
 * post-bootstrap script).
 */
function startupParameters(version: string): Record<string, string> {
  return versionAtLeast(version, '1.20')
    ? { ignore_startup_parameters: 'extra_float_digits', track_extra_parameters: 'IntervalStyle,statement_timeout' }
    : { ignore_startup_parameters: 'extra_float_digits,statement_timeout' };
}

/** Name of the read-only pool clients use for replica reads. */
export const replicaDatabase = (c: PlatformConfig): string => `${c.postgres.database}_replica`;

export function renderPgbouncerIni(c: PlatformConfig, endpoints: PgbouncerEndpoints): string {
  const p = c.pgbouncer;
  const db = (target: { host: string; port: number }) =>
    `host=${target.host} port=${target.port} dbname=${c.postgres.database}`;
  return toIni({
    databases: {
      [c.postgres.database]: db(endpoints.primary),
      [replicaDatabase(c)]: db(endpoints.replicas),
    },
    pgbouncer: {
      listen_addr: endpoints.listenAddr,
      listen_port: endpoints.listenPort,
      // No unix socket: nothing in the pod needs one and the root filesystem is read-only.
      unix_socket_dir: '',
      auth_type: 'scram-sha-256',
      auth_file: endpoints.authFile,
      auth_user: p.authUser,
      auth_query: pgbouncerAuthQuery(c),
      pool_mode: p.poolMode,
      default_pool_size: p.defaultPoolSize,
      min_pool_size: p.minPoolSize,
      reserve_pool_size: p.reservePoolSize,
      reserve_pool_timeout: 3,
      // Caps each database's server connections so the config rule (pool × instances ≤ max_connections) holds.
      max_db_connections: p.defaultPoolSize + p.reservePoolSize,
      max_client_conn: p.maxClientConnections,
      server_check_query: 'select 1',
      server_check_delay: 10,
      server_lifetime: 3600,
      server_idle_timeout: 600,
      server_connect_timeout: 5,
      // After a failed server login PgBouncer fails every new client at once for this long. Logins fail while there
      // is no primary, and also when a PAUSE cuts a connection it opened meanwhile (around every promotion), so keep
      // it shorter than the API's one retry (RETRY_AFTER_MS, app/src/db/database.ts): that retry then gets through.
      server_login_retry: 0.2,
      query_wait_timeout: 30,
      client_login_timeout: 30,
      // The API sets app.org_id per transaction with set_config(..., true), so nothing leaks between clients.
      server_reset_query: 'DISCARD ALL',
      ...startupParameters(p.version),
      // pg_hba takes only hostssl when TLS is on.
      ...(c.tls.enabled ? { server_tls_sslmode: 'require' } : {}),
      admin_users: p.authUser,
      stats_users: p.authUser,
      log_connections: 0,
      log_disconnections: 0,
      ...(versionAtLeast(p.version, '1.21') ? { max_prepared_statements: p.maxPreparedStatements } : {}),
    },
  });
}

/**
 * Shell that writes the auth file (one line: the auth user and its password) from the environment at container
 * start, so the password lives only in a Secret and an in-memory volume.
 */
export const PGBOUNCER_AUTH_FILE_SCRIPT =
  'umask 077 && printf \'"%s" "%s"\\n\' "$PGBOUNCER_AUTH_USER" "$PGBOUNCER_AUTH_PASSWORD" > "$PGBOUNCER_AUTH_FILE"';
