// Running Debian's engines on rendered files: temp dirs readable by the postgres user (PgBouncer refuses root),
// commands with captured output, and long-running engines on free loopback ports that the suite always stops.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../helpers/processes';

export interface RunResult {
  code: number | null;
  output: string;
}

export interface RunAs {
  uid: number;
  gid: number;
}

const idOf = (flag: '-u' | '-g') => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());

/** PgBouncer and PostgreSQL refuse root: as root, run them as the postgres user (spawned directly, so signals reach them). */
export const postgresUser = (): RunAs | undefined =>
  process.getuid?.() === 0 ? { uid: idOf('-u'), gid: idOf('-g') } : undefined;

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, as?: RunAs): RunResult {
  const result = spawnSync(command, args, { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', ...as });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A world-readable temp dir, so engines run as the postgres user can read what the root test wrote. */
export function tempDir(prefix: string): {
  dir: string;
  write(name: string, content: string, mode?: number): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  chmodSync(dir, 0o755);
  return {
    dir,
    write(name, content, mode = 0o644) {
      const path = join(dir, name);
      writeFileSync(path, content, { mode });
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
  });
}

/** Starts a long-running engine and waits until its port accepts connections; rejects with its output if it dies. */
export async function startEngine(
  command: string[],
  port: number,
  what: string,
  as?: RunAs,
  env?: NodeJS.ProcessEnv,
  host = '127.0.0.1',
): Promise<ChildProcess> {
  const [file = '', ...args] = command;
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...as, ...(env ? { env } : {}) });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${output}`);
        return portOpen(port, host);
      },
      10_000,
      what,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return child;
}

/** A one-member etcd on free loopback ports; returns it and its client address (host:port). */
export async function startEtcd(dataDir: string): Promise<{ etcd: ChildProcess; host: string }> {
  const [client, peer] = [await freePort(), await freePort()];
  const host = `127.0.0.1:${client}`;
  const etcd = await startEngine(
    [
      'etcd',
      '--name=test',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=http://${host}`,
      `--advertise-client-urls=http://${host}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=test=http://127.0.0.1:${peer}`,
    ],
    client,
    'etcd',
  );
  return { etcd, host };
}
