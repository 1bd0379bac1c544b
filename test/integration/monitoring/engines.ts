// Debian's monitoring engines started for one suite on free loopback ports, in temp dirs, always torn down.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess, waitFor } from '../helpers/processes';

export interface Engine {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `command`, waits until `http://127.0.0.1:<port><path>` answers 200, and returns how to stop it. */
export async function startHttpEngine(
  command: string,
  args: (port: number, dir: string) => string[],
  options: { path?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Engine> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `brownie-${command}-`));
  const child = spawn(command, args(port, dir), { stdio: ['ignore', 'ignore', 'pipe'], env: options.env });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => child.exitCode === null && (await fetch(`${url}${options.path ?? '/metrics'}`)).ok,
      options.timeoutMs ?? 10_000,
      `${command} on ${port}`,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return { url, port, child, stop };
}

/** Debian's Alertmanager on a config given as text, gossip off. */
export async function startAlertmanager(config: string): Promise<Engine> {
  return startHttpEngine(
    'prometheus-alertmanager',
    (port, dir) => {
      writeFileSync(join(dir, 'alertmanager.yml'), config);
      return [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${dir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ];
    },
    { path: '/-/ready' },
  );
}
