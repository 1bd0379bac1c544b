// What the failover tests and bench/failover.ts share: the timings and the disruptions measured under a writer.
import { names } from '../../../infra/config';
import type { ApiProcess, ApiTenant } from './api';
import type { HaCluster, Member } from './cluster';
import { waitFor } from '../../integration/helpers/processes';
import { steadyWriter, type WriterReport } from './writer';

/**
 * Patroni timings the local cluster runs with unless told otherwise: ttl 10 / loop_wait 2 / retry_timeout 4, which
 * Debian's Patroni 3.0.2 accepts (the image's 3.3.2 needs ttl ≥ 20, as the presets have): a killed leader costs
 * about 10 s instead of 20, which keeps the suite short on two cores.
 */
export const HA_TIMINGS = { ttl: 10, loopWait: 2, retryTimeout: 4 } as const;

export interface Disruption extends WriterReport {
  /** Acknowledged writes the leader no longer has. */
  lost: number;
}

/** Acknowledged ids the current leader does not hold. */
export async function missingWrites(cluster: HaCluster, ids: string[]): Promise<number> {
  const leader = await cluster.leader();
  const rows = await cluster.query<{ id: string }>(
    cluster.memberUrl(leader),
    'SELECT id::text AS id FROM incidents WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return ids.length - rows.length;
}

/** Runs `disrupt` while the writer commits through the API, then waits until writes flow again. */
export async function underWriter(
  cluster: HaCluster,
  api: ApiProcess,
  tenant: ApiTenant,
  disrupt: () => Promise<void>,
): Promise<Disruption> {
  const writer = steadyWriter(api.url, tenant);
  const failure = await (async () => {
    await writer.acknowledged(10);
    await disrupt();
    await writer.acknowledged(10, 60_000);
  })().then(
    () => undefined,
    (error: unknown) => error,
  );
  const report = await writer.stop();
  if (failure) throw failure;
  return { ...report, lost: await missingWrites(cluster, report.acknowledged) };
}

/** The leader killed as a node dies (Patroni and postmaster, kill -9). Returns the member that was killed. */
export async function killLeader(cluster: HaCluster): Promise<Member> {
  const leader = await cluster.leader();
  await cluster.kill(leader);
  return leader;
}

/** The member Patroni would accept as a switchover candidate now: the synchronous standby when there is one. */
export async function switchoverCandidate(cluster: HaCluster, leader: Member): Promise<Member> {
  const res = await cluster.patroni(leader, '/cluster');
  const { members } = (await res.json()) as { members: { name: string; role: string }[] };
  const name = (members.find((m) => m.role === 'sync_standby') ?? members.find((m) => m.role === 'replica'))?.name;
  const candidate = cluster.members.find((m) => m.name === name);
  if (!candidate) throw new Error('no switchover candidate');
  return candidate;
}

/**
 * patronictl switchover, retried until the candidate leads: right after a failover Patroni may refuse it until it
 * has settled (pitfall 6), and patronictl 3.0 reports a refused switchover ("Switchover failed, details: 503 …")
 * with exit status 0.
 */
export async function switchover(cluster: HaCluster): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const leader = await cluster.leader();
    const candidate = await switchoverCandidate(cluster, leader);
    try {
      const output = cluster.patronictl([
        'switchover',
        names(cluster.config).cluster,
        '--leader',
        leader.name,
        '--candidate',
        candidate.name,
        '--force',
      ]);
      if (/failed, details/i.test(output)) throw new Error(`patronictl switchover: ${output.trim()}`);
      await waitFor(async () => (await cluster.leader()).name === candidate.name, 30_000, `${candidate.name} to lead`);
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/**
 * Replication modes: `strict` refuses commits until a standby confirms them (no acknowledged write can be lost),
 * `synchronous` (the prod preset) promotes only the synchronous standby but lets the new primary commit alone until
 * a replica catches up, `asynchronous` promotes the healthiest replica within maximum_lag_on_failover.
 */
export type ReplicationMode = 'strict' | 'synchronous' | 'asynchronous';

/** Changes the replication mode at runtime (Patroni's dynamic configuration) and waits until it is in force. */
export async function setReplicationMode(cluster: HaCluster, mode: ReplicationMode): Promise<void> {
  const leader = await cluster.leader();
  const body = { synchronous_mode: mode !== 'asynchronous', synchronous_mode_strict: mode === 'strict' };
  const res = await cluster.patroni(leader, '/config', { method: 'PATCH', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`PATCH /config: ${res.status} ${await res.text()}`);
  await replicationInForce(cluster, mode);
}

/**
 * Waits until the leader replicates in `mode`: in a synchronous mode, until Patroni names a streaming synchronous
 * standby. Only that member may be promoted, so a leader killed before then leaves the cluster without a primary
 * (by design: nothing acknowledged may be lost).
 */
export async function replicationInForce(cluster: HaCluster, mode: ReplicationMode): Promise<void> {
  await waitFor(
    async () => {
      const leader = await cluster.leader();
      const rows = await cluster.query<{ names: string; sync: number }>(
        cluster.memberUrl(leader, 'postgres'),
        `SELECT current_setting('synchronous_standby_names') AS names,
                (SELECT count(*)::int FROM pg_stat_replication WHERE sync_state = 'sync' AND state = 'streaming') AS sync`,
      );
      if (mode === 'asynchronous') return rows[0]?.names === '';
      const { members } = (await (await cluster.patroni(leader, '/cluster')).json()) as { members: { role: string }[] };
      return rows[0]!.sync > 0 && members.some((m) => m.role === 'sync_standby');
    },
    30_000,
    `${mode} replication`,
  );
}

/**
 * Starts a member again and waits until it streams; a trickle of writes meanwhile, since a rewound member stays
 * "starting" on an idle primary (local HA notes, pitfall 4). Returns how long it took, in ms.
 */
export async function rejoin(cluster: HaCluster, api: ApiProcess, tenant: ApiTenant, m: Member): Promise<number> {
  const since = Date.now();
  const writer = steadyWriter(api.url, tenant, 200);
  try {
    await cluster.startMember(m);
    await cluster.waitForStreaming([m], 30_000);
  } finally {
    await writer.stop();
  }
  return Date.now() - since;
}
