// `npm run ha:local [-- --stack prod|dev] [--timings preset|local] [--ttl 10 --loop-wait 2 --retry-timeout 4]`:
// the local HA cluster with the API in front, until Ctrl-C. Everything binds to 127.0.0.x; a run killed before it
// could clean up is cleaned up by the next one (by the PIDs it recorded).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess, signupTenant } from './api';
import { stackOption, timingOverrides } from './args';
import { HaCluster } from './cluster';
import { isAlive, signal } from './processes';

const STATE = join(tmpdir(), 'brownie-ha-local.json');
const ENGINES = /patroni|postgres|etcd|haproxy|pgbouncer|python3|tsx|node/;

function cleanUpPreviousRun(): void {
  if (!existsSync(STATE)) return;
  const { pids, dir } = JSON.parse(readFileSync(STATE, 'utf8')) as { pids: number[]; dir: string };
  for (const pid of pids) {
    const command = isAlive(pid) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
    if (ENGINES.test(command)) signal(pid, 'SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(STATE, { force: true });
  console.log(`cleaned up the previous run (${pids.length} processes recorded)`);
}

async function main(): Promise<void> {
  cleanUpPreviousRun();
  const cluster = await HaCluster.start({
    stack: stackOption(),
    overrides: timingOverrides('preset'),
    log: console.log,
  });
  let api: ApiProcess | undefined;
  const stop = async () => {
    await api?.stop();
    await cluster.stop();
    rmSync(STATE, { force: true });
    console.log(`stopped; still running: ${cluster.runningPids().length} processes`);
  };
  try {
    api = await ApiProcess.start(cluster);
    const tenant = await signupTenant(api.url);
    writeFileSync(STATE, JSON.stringify({ pids: [...cluster.runningPids(), ...api.pids()], dir: cluster.files.dir }));
    const { ttl, loopWait, retryTimeout, synchronousMode } = cluster.config.postgres;
    const urls = cluster.urls();
    console.log(
      [
        `Patroni ttl ${ttl} / loop_wait ${loopWait} / retry_timeout ${retryTimeout}, synchronous_mode ${synchronousMode}`,
        ...cluster.members.map(
          (m) =>
            `${m.name}: postgres ${m.host}:${m.postgresPort}, REST http://${m.host}:${m.restApiPort} (${m.configFile})`,
        ),
        `HAProxy primary 127.0.0.1:${cluster.endpoints.haproxyPrimary}, replicas 127.0.0.1:${cluster.endpoints.haproxyReplicas}`,
        `PgBouncer (service role): ${urls.app}`,
        `API: ${api.url} (demo tenant token: ${tenant.token})`,
        `patronictl -c ${cluster.members[0]!.configFile} list`,
        'Ctrl-C stops everything.',
      ].join('\n'),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
