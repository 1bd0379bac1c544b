// Issue 8, the pooler: the prod preset's PgBouncer (max_client_conn 2000) in front of the local HA cluster holds
// 2000 simultaneous client connections, multiplexed over its small server pool, without an error.
import { holdClients } from './clients';
import { HaCluster } from './cluster';
import { HA_TIMINGS } from './scenarios';

let cluster: HaCluster;

beforeAll(async () => {
  cluster = await HaCluster.start({ stack: 'prod', overrides: { postgres: HA_TIMINGS } });
}, 120_000);

afterAll(async () => {
  const pids = cluster ? (await cluster.stop(), cluster.runningPids()) : [];
  expect(pids).toEqual([]);
}, 60_000);

describe('PgBouncer in front of the local HA cluster', () => {
  it('when 2000 clients connect at once, then every one logs in and queries without an error', async () => {
    const clients = cluster.config.pgbouncer.maxClientConnections;
    expect(clients).toBe(2_000);
    const report = await holdClients(cluster.urls().app, clients);
    console.log(`${report.connected} clients through PgBouncer in ${(report.connectMs / 1000).toFixed(1)} s`);
    expect(report.errors.slice(0, 3)).toEqual([]);
    expect(report.connected).toBe(clients);
    // The server side stays within the pool PgBouncer is configured for.
    const [row] = await cluster.query<{ n: number }>(
      cluster.memberUrl(await cluster.leader()),
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`,
      [cluster.config.postgres.appUser],
    );
    expect(row!.n).toBeLessThanOrEqual(
      cluster.config.pgbouncer.defaultPoolSize + cluster.config.pgbouncer.reservePoolSize,
    );
  }, 180_000);
});
