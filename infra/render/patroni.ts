// patroni.yml from one function for both DCS variants: Kubernetes (what the StatefulSet mounts; each pod supplies its
// name and addresses through PATRONI_* environment variables) and etcd (the local HA cluster runs the same file,
// one per member, with those fields written in).
import type { PlatformConfig } from '../config';
import { names, PORTS, selectorLabels } from '../config';
import { postgresParameters } from './postgres-parameters';
import { toYaml } from './serialize';

export const PATRONI_PATHS = {
  config: '/etc/patroni/patroni.yml',
  postBootstrap: '/etc/patroni/post-bootstrap.sh',
  poolerCallback: '/etc/patroni/pooler-callback.sh',
  dataDir: '/home/postgres/pgdata/pgroot/data',
} as const;

/** Users Patroni itself logs in as; their passwords come from PATRONI_<ROLE>_PASSWORD variables, never the file. */
export const PATRONI_USERS = { superuser: 'postgres', replication: 'standby', rewind: 'rewind' } as const;

export interface PatroniMember {
  name: string;
  /** Address other members and clients reach this one at (Patroni refuses 127.0.0.1: use 127.0.0.2 and up). */
  host: string;
  postgresPort: number;
  restApiPort: number;
  dataDir: string;
  binDir?: string;
}

export type PatroniTarget = { dcs: 'kubernetes' } | { dcs: 'etcd'; etcdHosts: string[]; member: PatroniMember };

/** Pod label Patroni itself sets at runtime (3.x values: master, replica); the replica Service selects on it. */
export const PATRONI_ROLE_LABEL = { key: 'role', replica: 'replica' } as const;

/** Label selector Patroni uses to find its pods and which the Services select on. */
export function patroniLabels(c: PlatformConfig): Record<string, string> {
  return { ...selectorLabels(c, 'patroni'), cluster: names(c).cluster };
}

function pgHba(c: PlatformConfig): string[] {
  const host = c.tls.enabled ? 'hostssl' : 'host';
  return [
    'local all all peer',
    `${host} replication ${PATRONI_USERS.replication} all scram-sha-256`,
    `${host} all all all scram-sha-256`,
  ];
}

function dcsSection(c: PlatformConfig, target: PatroniTarget): Record<string, unknown> {
  if (target.dcs === 'etcd') return { etcd3: { hosts: target.etcdHosts } };
  return {
    kubernetes: {
      namespace: c.namespace,
      labels: patroniLabels(c),
      // Leader lock and config in Endpoints: the primary Service then follows the leader without a selector. The pod IP
      // arrives as PATRONI_KUBERNETES_POD_IP. (No bypass_api_service: it would need to read endpoints in `default`.)
      use_endpoints: true,
    },
  };
}

function memberFields(c: PlatformConfig, target: PatroniTarget) {
  const binDir = `/usr/lib/postgresql/${c.postgres.majorVersion}/bin`;
  if (target.dcs === 'kubernetes') {
    return {
      top: {},
      restapi: { listen: `0.0.0.0:${PORTS.patroniApi}` },
      // The root filesystem is read-only: the password file Patroni writes for pg_basebackup/pg_rewind goes to /tmp.
      postgresql: {
        listen: `0.0.0.0:${PORTS.postgres}`,
        data_dir: PATRONI_PATHS.dataDir,
        bin_dir: binDir,
        pgpass: '/tmp/pgpass',
      },
    };
  }
  const m = target.member;
  return {
    top: { name: m.name },
    restapi: { listen: `${m.host}:${m.restApiPort}`, connect_address: `${m.host}:${m.restApiPort}` },
    postgresql: {
      listen: `${m.host}:${m.postgresPort}`,
      connect_address: `${m.host}:${m.postgresPort}`,
      data_dir: m.dataDir,
      bin_dir: m.binDir ?? binDir,
      // One password file per member: several share a machine in the local HA cluster.
      pgpass: `${m.dataDir}.pgpass`,
    },
  };
}

export function renderPatroniConfig(c: PlatformConfig, target: PatroniTarget): string {
  const member = memberFields(c, target);
  return toYaml({
    scope: names(c).cluster,
    ...member.top,
    ...dcsSection(c, target),
    restapi: member.restapi,
    bootstrap: {
      dcs: {
        ttl: c.postgres.ttl,
        loop_wait: c.postgres.loopWait,
        retry_timeout: c.postgres.retryTimeout,
        maximum_lag_on_failover: c.postgres.maximumLagOnFailover,
        failsafe_mode: c.postgres.failsafeMode,
        synchronous_mode: c.postgres.synchronousMode,
        synchronous_mode_strict: c.postgres.synchronousModeStrict,
        postgresql: { use_pg_rewind: true, use_slots: true, parameters: postgresParameters(c) },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums'],
      post_bootstrap: PATRONI_PATHS.postBootstrap,
      // Patroni 3.0's validator still requires the bootstrap copy; postgresql.pg_hba below is what stays applied.
      pg_hba: pgHba(c),
    },
    postgresql: {
      ...member.postgresql,
      pg_hba: pgHba(c),
      // A new replica's pg_basebackup starts at once instead of waiting for a spread checkpoint (minutes, at worst).
      basebackup: [{ checkpoint: 'fast' }],
      authentication: {
        superuser: { username: PATRONI_USERS.superuser },
        replication: { username: PATRONI_USERS.replication },
        rewind: { username: PATRONI_USERS.rewind },
      },
      parameters: { unix_socket_directories: '/var/run/postgresql' },
      // PgBouncer's primary pool waits (paused) while a member is promoted instead of failing clients.
      pre_promote: `${PATRONI_PATHS.poolerCallback} pause`,
      callbacks: { on_role_change: PATRONI_PATHS.poolerCallback },
    },
    watchdog: { mode: 'off' },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  });
}
