// Benchmark: the local HA cluster (prod preset, three members) under a steady writer through the API and PgBouncer;
// leader kills in strict-synchronous, synchronous and asynchronous mode, planned switchovers and postmaster crashes,
// several rounds each. Prints median and worst write unavailability, failed requests and acknowledged writes lost.
//   npm run bench:failover [-- --rounds 3 --timings local|preset --ttl 10 --loop-wait 2 --retry-timeout 4
//                              --pooler-pause on|off]
import { ApiProcess, signupTenant, type ApiTenant } from '../test/e2e/ha/api';
import { option, stackOption, timingOverrides } from '../test/e2e/ha/args';
import { HaCluster } from '../test/e2e/ha/cluster';
import { WritableProbe } from '../test/e2e/ha/probe';
import {
  killLeader,
  rejoin,
  replicationInForce,
  setReplicationMode,
  switchover,
  underWriter,
  type Disruption,
  type ReplicationMode,
} from '../test/e2e/ha/scenarios';

const ROUNDS = Number(option('rounds', '3'));
const POOLER_PAUSE = option('pooler-pause', 'on') !== 'off';

interface Row {
  scenario: string;
  runs: (Disruption & { apiRestarts: number; noPrimaryMs: number })[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function rounds(
  scenario: string,
  api: ApiProcess,
  probe: WritableProbe,
  each: () => Promise<Disruption>,
  after: () => Promise<void>,
): Promise<Row> {
  const row: Row = { scenario, runs: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const [crashes, since] = [api.crashes.length, Date.now()];
    const d = await each();
    const noPrimaryMs = probe.longestWithoutPrimary(since);
    row.runs.push({ ...d, apiRestarts: api.crashes.length - crashes, noPrimaryMs });
    console.error(
      `${scenario} #${i + 1}: writes ${seconds(d.maxGapMs)} s, no primary ${seconds(noPrimaryMs)} s, ` +
        `${d.failed} failed, ${d.lost} lost`,
    );
    await after();
  }
  return row;
}

function print(rows: Row[], cluster: HaCluster): void {
  const { ttl, loopWait, retryTimeout, maximumLagOnFailover } = cluster.config.postgres;
  console.log(
    `\nPatroni ttl ${ttl} / loop_wait ${loopWait} / retry_timeout ${retryTimeout}, ` +
      `maximum_lag_on_failover ${maximumLagOnFailover} B; PgBouncer pause on promotion ${POOLER_PAUSE ? 'on' : 'off'}; ` +
      `${ROUNDS} rounds; writer ≈ 20 commits/s through the API\n`,
  );
  console.log(
    '| scenario | writes stopped, median | worst | no writable primary, median | worst | failed requests, median |' +
      ' acknowledged lost, total | API restarts |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { scenario, runs } of rows) {
    const gaps = runs.map((r) => r.maxGapMs);
    const noPrimary = runs.map((r) => r.noPrimaryMs);
    console.log(
      `| ${scenario} | ${seconds(median(gaps))} s | ${seconds(Math.max(...gaps))} s | ` +
        `${seconds(median(noPrimary))} s | ${seconds(Math.max(...noPrimary))} s | ` +
        `${median(runs.map((r) => r.failed))} | ${runs.reduce((n, r) => n + r.lost, 0)} | ` +
        `${runs.reduce((n, r) => n + r.apiRestarts, 0)} |`,
    );
  }
}

async function main(): Promise<void> {
  const cluster = await HaCluster.start({
    stack: stackOption(),
    poolerPause: POOLER_PAUSE,
    overrides: { postgres: { ...timingOverrides().postgres, synchronousMode: true, synchronousModeStrict: true } },
  });
  let api: ApiProcess | undefined;
  const probe = new WritableProbe(cluster);
  probe.start();
  try {
    api = await ApiProcess.start(cluster);
    const tenant: ApiTenant = await signupTenant(api.url);
    const running = api;
    let mode: ReplicationMode = 'strict';
    const settled = async () => {
      await cluster.waitForStreaming(cluster.members);
      await replicationInForce(cluster, mode);
    };
    const killAndRejoin = async () => {
      let killed = await cluster.leader();
      const d = await underWriter(cluster, running, tenant, async () => {
        killed = await killLeader(cluster);
      });
      await rejoin(cluster, running, tenant, killed);
      return d;
    };
    const rows: Row[] = [];
    rows.push(await rounds('leader kill -9, strict synchronous', running, probe, killAndRejoin, settled));
    rows.push(
      await rounds(
        'switchover (patronictl), strict synchronous',
        running,
        probe,
        () => underWriter(cluster, running, tenant, () => switchover(cluster)),
        settled,
      ),
    );
    rows.push(
      await rounds(
        'postmaster kill -9 (Patroni alive), strict synchronous',
        running,
        probe,
        () => underWriter(cluster, running, tenant, async () => cluster.crashPostgres(await cluster.leader())),
        settled,
      ),
    );
    await setReplicationMode(cluster, (mode = 'synchronous'));
    rows.push(
      await rounds('leader kill -9, synchronous (not strict: the prod preset)', running, probe, killAndRejoin, settled),
    );
    await setReplicationMode(cluster, (mode = 'asynchronous'));
    rows.push(await rounds('leader kill -9, asynchronous', running, probe, killAndRejoin, settled));
    print(rows, cluster);
  } finally {
    await probe.stop();
    await api?.stop();
    await cluster.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
