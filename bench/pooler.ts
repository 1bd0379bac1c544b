// Benchmark: PgBouncer from the rendered ini in front of the local HA cluster (prod preset). How many clients it
// holds at once, and pgbench TPS through it against straight to the primary (select-only and tpcb-like): through
// the harness's chain (PgBouncer → HAProxy, which plays the primary Service) and through a PgBouncer pointed at the
// primary itself, as on Kubernetes, where the Service is kernel NAT (kube-proxy) rather than a userspace proxy.
//   npm run bench:pooler [-- --clients 50 --seconds 15 --scale 10 --hold 2000]
import { run } from '../test/integration/infra/engines';
import { option } from '../test/e2e/ha/args';
import { holdClients } from '../test/e2e/ha/clients';
import { HaCluster, PASSWORDS } from '../test/e2e/ha/cluster';
import { HA_TIMINGS } from '../test/e2e/ha/scenarios';

const CLIENTS = option('clients', '50');
const SECONDS = option('seconds', '15');
const SCALE = option('scale', '10');
const HOLD = Number(option('hold', '2000'));

function pgbench(args: string[]): string {
  const result = run('pgbench', args, { PGPASSWORD: PASSWORDS.owner });
  if (result.code !== 0) throw new Error(`pgbench ${args.join(' ')} failed: ${result.output}`);
  return result.output;
}

const tpsOf = (output: string): number =>
  Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? NaN);

async function main(): Promise<void> {
  const cluster = await HaCluster.start({ stack: 'prod', overrides: { postgres: HA_TIMINGS } });
  try {
    const { database, ownerUser } = cluster.config.postgres;
    const leader = await cluster.leader();
    const primary = { host: leader.host, port: leader.postgresPort };
    const local = (port: number) => ['-h', '127.0.0.1', '-p', String(port)];
    const { replicas } = cluster.config.pgbouncer;
    const targets = {
      direct: ['-h', leader.host, '-p', String(leader.postgresPort)],
      pooled: [
        ['PgBouncer → primary', local(await cluster.startPgbouncer(primary, primary))],
        [
          `${replicas} PgBouncers (the preset's replicas) → primary`,
          local(await cluster.startPgbouncer(primary, primary, { instances: replicas })),
        ],
        ['PgBouncer → HAProxy → primary', local(cluster.endpoints.pgbouncer)],
      ] as const,
    };
    pgbench(['-i', '-q', '-s', SCALE, ...targets.direct, '-U', ownerUser, database]);
    const held = await holdClients(cluster.urls().app, HOLD);
    console.log(
      `\n${held.connected} of ${HOLD} clients connected through PgBouncer at once in ` +
        `${(held.connectMs / 1000).toFixed(1)} s, ${held.errors.length} errors` +
        `${held.errors[0] ? ` (first: ${held.errors[0]})` : ''}`,
    );
    console.log(`\npgbench, ${CLIENTS} clients × ${SECONDS} s, scale ${SCALE}, owner role, simple protocol\n`);
    const header = targets.pooled.map(([label]) => `${label}, tps | ratio`).join(' | ');
    console.log(`| workload | direct to the primary, tps | ${header} |`);
    console.log(`|---|---|${targets.pooled.map(() => '---|---|').join('')}`);
    for (const [workload, flags] of [
      ['select-only', ['-S']],
      ['tpcb-like', []],
    ] as const) {
      const tps = (target: string[]) =>
        tpsOf(pgbench([...flags, '-n', '-c', CLIENTS, '-j', '2', '-T', SECONDS, ...target, '-U', ownerUser, database]));
      const direct = tps(targets.direct);
      const cells = targets.pooled.map(([, target]) => {
        const pooled = tps(target);
        return `${pooled.toFixed(0)} | ${(pooled / direct).toFixed(2)}`;
      });
      console.log(`| ${workload} | ${direct.toFixed(0)} | ${cells.join(' | ')} |`);
    }
  } finally {
    await cluster.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
