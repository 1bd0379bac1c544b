// The Secrets the charts reference by name (infra/config/names.ts), filled from generated credentials. Pure, so the
// connection strings are tested without Pulumi; the component feeds it the random values.
import { names, PORTS, SECRET_KEYS, type PlatformConfig } from '../config';
import { replicaDatabase } from '../render/pgbouncer';

/** Every generated credential; passwords are alphanumeric so they go into URLs unescaped. */
export const CREDENTIALS = [
  'superuser',
  'replication',
  'rewind',
  'owner',
  'app',
  'backup',
  'pgbouncerAuth',
  'redis',
  'jwtSecret',
  'operatorToken',
  'grafanaAdmin',
] as const;
export type Credential = (typeof CREDENTIALS)[number];
export type Credentials = Record<Credential, string>;

/** Credentials of Secrets this config does not use are not generated (Grafana only runs in bundled mode). */
export const credentialsFor = (c: PlatformConfig): Credential[] =>
  CREDENTIALS.filter((k) => k !== 'grafanaAdmin' || c.monitoring.mode === 'bundled');

/** Secret name → key → value; every key of SECRET_KEYS except the backup's optional age identity. */
export function secretContents(c: PlatformConfig, cr: Credentials): Record<string, Record<string, string>> {
  const n = names(c);
  const db = c.postgres.database;
  const url = (user: string, password: string, host: string, port: number, database: string) =>
    `postgres://${user}:${password}@${host}:${port}/${database}${c.tls.enabled ? '?sslmode=require' : ''}`;
  const contents: Record<string, Record<string, string>> = {
    [n.secrets.postgres]: {
      'superuser-password': cr.superuser,
      'replication-password': cr.replication,
      'rewind-password': cr.rewind,
      'owner-password': cr.owner,
      'app-password': cr.app,
      'backup-password': cr.backup,
    },
    [n.secrets.pgbouncerAuth]: { password: cr.pgbouncerAuth },
    [n.secrets.redis]: { password: cr.redis },
    [n.secrets.api]: {
      'database-url': url(c.postgres.appUser, cr.app, n.pgbouncer, PORTS.pgbouncer, db),
      'database-read-url': url(c.postgres.appUser, cr.app, n.pgbouncer, PORTS.pgbouncer, replicaDatabase(c)),
      'migrations-database-url': url(c.postgres.ownerUser, cr.owner, n.cluster, PORTS.postgres, db),
      'redis-url': `redis://:${cr.redis}@${n.redis}:${PORTS.redis}/0`,
      'jwt-secret': cr.jwtSecret,
      'operator-token': cr.operatorToken,
    },
    [n.secrets.backup]: {
      'database-url': url(c.postgres.backupUser, cr.backup, n.cluster, PORTS.postgres, db),
      'source-url': url(c.postgres.backupUser, cr.backup, n.replicaService, PORTS.postgres, db),
    },
  };
  if (c.monitoring.mode === 'bundled') {
    contents[n.secrets.grafana] = { 'admin-user': 'admin', 'admin-password': cr.grafanaAdmin };
  }
  return contents;
}

/** Keys the charts expect in each Secret (SECRET_KEYS under the config's names). */
export function expectedSecretKeys(c: PlatformConfig): Record<string, readonly string[]> {
  const n = names(c);
  return {
    [n.secrets.postgres]: SECRET_KEYS.postgres,
    [n.secrets.pgbouncerAuth]: SECRET_KEYS.pgbouncerAuth,
    [n.secrets.redis]: SECRET_KEYS.redis,
    [n.secrets.api]: SECRET_KEYS.api,
    [n.secrets.backup]: SECRET_KEYS.backup.filter((k) => k !== 'age-identity'),
    ...(c.monitoring.mode === 'bundled' ? { [n.secrets.grafana]: SECRET_KEYS.grafana } : {}),
  };
}
