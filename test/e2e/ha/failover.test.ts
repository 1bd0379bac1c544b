// Issue 8 on one machine: the prod preset's three-member cluster (strict synchronous mode, the local HA timings)
// behind HAProxy and PgBouncer, the API writing through them, while members are killed, crash and switch over.
// One cluster serves every scenario, in order; a probe watches every member for a second writable primary.
import { ApiProcess, signupTenant, type ApiTenant } from './api';
import { HaCluster, type Member } from './cluster';
import { WritableProbe } from './probe';
import { signal } from './processes';
import { waitFor } from '../../integration/helpers/processes';
import { steadyReader } from './writer';
import {
  HA_TIMINGS,
  killLeader,
  rejoin,
  setReplicationMode,
  switchover,
  underWriter,
  type Disruption,
} from './scenarios';

const RECOVERY_MS = 30_000;
let cluster: HaCluster;
let api: ApiProcess;
let tenant: ApiTenant;
let probe: WritableProbe;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let crashesBefore = 0;
let disruptedAt = Date.now();
const report = (what: string, d: Disruption) => {
  const noPrimary = probe.longestWithoutPrimary(disruptedAt);
  disruptedAt = Date.now();
  const crashes = api.crashes.length - crashesBefore;
  crashesBefore = api.crashes.length;
  console.log(
    `${what}: writes stopped ${(d.maxGapMs / 1000).toFixed(1)} s, ${d.failed} failed of ${d.attempts}, ` +
      `${d.lost} acknowledged lost, no writable primary ${(noPrimary / 1000).toFixed(1)} s, API process restarts ${crashes}`,
  );
  if (crashes > 0) for (const crash of api.crashes.slice(-crashes)) console.log(`API exited: ${crash}`);
};

beforeAll(async () => {
  cluster = await HaCluster.start({
    stack: 'prod',
    overrides: { postgres: { ...HA_TIMINGS, synchronousModeStrict: true } },
  });
  probe = new WritableProbe(cluster);
  probe.start();
  api = await ApiProcess.start(cluster);
  tenant = await signupTenant(api.url);
}, 120_000);

afterAll(async () => {
  await probe?.stop();
  await api?.stop();
  const pids = cluster ? (await cluster.stop(), cluster.runningPids()) : [];
  expect(pids).toEqual([]);
}, 60_000);

describe('the local HA cluster from the prod preset', () => {
  it('when it has bootstrapped, then one leader streams to two replicas with the configured timings', async () => {
    const leader = await cluster.leader();
    const config = (await (await cluster.patroni(leader, '/config')).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ ttl: HA_TIMINGS.ttl, loop_wait: HA_TIMINGS.loopWait, synchronous_mode: true });
    await cluster.waitForStreaming(cluster.replicasOf(leader));
  });

  let killed: Member;
  it('when the leader is killed under a steady writer, then writes resume and no acknowledged write is lost', async () => {
    const d = await underWriter(cluster, api, tenant, async () => {
      killed = await killLeader(cluster);
    });
    report('leader kill -9 (strict synchronous)', d);
    expect(d.lost).toBe(0);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
    expect((await cluster.leader()).name).not.toBe(killed.name);
  }, 120_000);

  it('when the old primary comes back, then it never takes writes and rejoins as a streaming replica', async () => {
    const since = Date.now();
    const took = await rejoin(cluster, api, tenant, killed);
    const status = (await (await cluster.patroni(killed, '/patroni')).json()) as { role: string };
    expect(status.role).toBe('replica');
    expect(probe.writableSince(killed, since)).toBe(false);
    console.log(`old primary rejoined as a replica in ${(took / 1000).toFixed(1)} s`);
  }, 60_000);

  it('when a replica is killed and restarted, then writes and replica-pool reads go on and it streams again', async () => {
    const replica = cluster.replicasOf(await cluster.leader())[0]!;
    const reader = steadyReader(cluster.urls().appReplica);
    try {
      const d = await underWriter(cluster, api, tenant, async () => {
        await cluster.kill(replica);
        await cluster.startMember(replica);
        await cluster.waitForStreaming([replica], RECOVERY_MS);
      });
      report('replica kill -9 and restart', d);
      expect(d.lost).toBe(0);
      await reader.load.acknowledged(10, RECOVERY_MS);
    } finally {
      const reads = await reader.load.stop();
      await reader.end();
      console.log(
        `replica-pool reads meanwhile: ${reads.failed} failed of ${reads.attempts}, longest gap ${reads.maxGapMs} ms`,
      );
      expect(reads.maxGapMs).toBeLessThan(RECOVERY_MS);
    }
  }, 90_000);

  it('when a switchover runs under load, then PgBouncer pauses around the promotion and no request fails', async () => {
    const before = await cluster.leader();
    const logged = cluster.poolerCommands.length;
    const d = await underWriter(cluster, api, tenant, () => switchover(cluster));
    report('patronictl switchover', d);
    expect(d.failed).toBe(0);
    expect(d.lost).toBe(0);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
    expect((await cluster.leader()).name).not.toBe(before.name);
    // The new leader's pre_promote paused the primary pool and its on_role_change resumed it.
    const { database } = cluster.config.postgres;
    expect(cluster.poolerCommands.slice(logged, logged + 2)).toEqual([`PAUSE ${database}`, `RESUME ${database}`]);
  }, 90_000);

  it('when PostgreSQL crashes but Patroni lives, then writes resume and nothing acknowledged is lost', async () => {
    await cluster.waitForStreaming(cluster.members, RECOVERY_MS);
    const d = await underWriter(cluster, api, tenant, async () => cluster.crashPostgres(await cluster.leader()));
    report('postmaster kill -9, Patroni alive', d);
    expect(d.lost).toBe(0);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
  }, 90_000);

  it('when the leader is killed in (non-strict) synchronous mode, as the prod preset runs, then nothing acknowledged is lost', async () => {
    await cluster.waitForStreaming(cluster.members, RECOVERY_MS);
    await setReplicationMode(cluster, 'synchronous');
    let gone!: Member;
    const d = await underWriter(cluster, api, tenant, async () => {
      gone = await killLeader(cluster);
    });
    report('leader kill -9 (synchronous, not strict)', d);
    expect(d.lost).toBe(0);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
    await rejoin(cluster, api, tenant, gone);
  }, 120_000);

  it('when the leader is killed in asynchronous mode, then writes resume and the loss is reported', async () => {
    await cluster.waitForStreaming(cluster.members, RECOVERY_MS);
    await setReplicationMode(cluster, 'asynchronous');
    const d = await underWriter(cluster, api, tenant, async () => {
      killed = await killLeader(cluster);
    });
    report('leader kill -9 (asynchronous)', d);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
  }, 120_000);

  it('when both replicas lag beyond maximum_lag_on_failover and the leader dies, then neither takes over', async () => {
    await rejoin(cluster, api, tenant, killed);
    const leader = await cluster.leader();
    const { ttl, loopWait, maximumLagOnFailover } = cluster.config.postgres;
    // Frozen WAL receivers: the replicas stop receiving while the leader writes 16× the bound (far more than the
    // dead walsender may already have queued in socket buffers).
    const receiversOf = () => cluster.replicasOf(leader).flatMap((m) => cluster.walReceivers(m));
    await cluster.waitForStreaming(cluster.members, RECOVERY_MS);
    await waitFor(async () => receiversOf().length === 2, RECOVERY_MS, 'a WAL receiver on each replica');
    const receivers = receiversOf();
    for (const pid of receivers) signal(pid, 'SIGSTOP');
    try {
      await cluster.query(
        cluster.memberUrl(leader),
        `CREATE TABLE lag_probe AS SELECT repeat('x', 1000) AS pad FROM generate_series(1, $1::int)`,
        [Math.ceil((16 * maximumLagOnFailover) / 1000)],
      );
      // The leader publishes its WAL position to the DCS once a loop.
      await sleep(3 * loopWait * 1000);
      const since = Date.now();
      await cluster.kill(leader);
      // Thawed at once, so only Patroni's lag check (not a stopped process) can keep a replica from promoting.
      for (const pid of receivers) signal(pid, 'SIGCONT');
      await sleep((ttl + 3 * loopWait) * 1000);
      const after = probe.samples.filter((x) => x.at > since);
      expect(after.length).toBeGreaterThan(10);
      expect(after.every((x) => x.writable.length === 0)).toBe(true);
    } finally {
      for (const pid of receivers) signal(pid, 'SIGCONT');
    }
  }, 90_000);

  it('when every scenario has run, then no two members ever accepted writes at once', () => {
    expect(probe.samples.length).toBeGreaterThan(50);
    expect(probe.samples.some((s) => s.writable.length === 1)).toBe(true);
    expect(probe.maxWritable()).toBe(1);
  });
});
