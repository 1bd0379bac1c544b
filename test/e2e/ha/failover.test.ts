// Issue 8 on one machine: the prod preset's three-member cluster (strict synchronous mode, the local HA timings)
// behind HAProxy and PgBouncer, the API writing through them, while members are killed, crash and switch over.
// One cluster serves every scenario, in order; a probe watches every member for a second writable primary.
import { ApiProcess, signupTenant, type ApiTenant } from './api';
import { HaCluster, type Member } from './cluster';
import { WritableProbe } from './probe';
import { steadyReader } from './writer';
import { HA_TIMINGS, killLeader, rejoin, setSynchronous, switchover, underWriter, type Disruption } from './scenarios';

const RECOVERY_MS = 30_000;
let cluster: HaCluster;
let api: ApiProcess;
let tenant: ApiTenant;
let probe: WritableProbe;

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

  it('when a switchover runs under load, then writes resume quickly and nothing acknowledged is lost', async () => {
    const before = await cluster.leader();
    const d = await underWriter(cluster, api, tenant, () => switchover(cluster));
    report('patronictl switchover', d);
    expect(d.lost).toBe(0);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
    expect((await cluster.leader()).name).not.toBe(before.name);
  }, 90_000);

  it('when PostgreSQL crashes but Patroni lives, then writes resume and nothing acknowledged is lost', async () => {
    await cluster.waitForStreaming(cluster.members, RECOVERY_MS);
    const d = await underWriter(cluster, api, tenant, async () => cluster.crashPostgres(await cluster.leader()));
    report('postmaster kill -9, Patroni alive', d);
    expect(d.lost).toBe(0);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
  }, 90_000);

  it('when the leader is killed in asynchronous mode, then writes resume and the loss is reported', async () => {
    await cluster.waitForStreaming(cluster.members, RECOVERY_MS);
    await setSynchronous(cluster, false);
    const d = await underWriter(cluster, api, tenant, async () => {
      await killLeader(cluster);
    });
    report('leader kill -9 (asynchronous)', d);
    expect(d.maxGapMs).toBeLessThan(RECOVERY_MS);
  }, 120_000);

  it('when every scenario has run, then no two members ever accepted writes at once', () => {
    expect(probe.samples.length).toBeGreaterThan(50);
    expect(probe.samples.some((s) => s.writable.length === 1)).toBe(true);
    expect(probe.maxWritable()).toBe(1);
  });
});
