// Debian's monitoring engines started for one suite on free loopback ports, in temp dirs, always torn down.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
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

/** Metric names of a Prometheus text exposition (sample lines; histogram and summary suffixes included). */
export function exposedNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(/[{ ]/, 1)[0]!),
  );
}

export async function scrapeNames(engine: Engine, path = '/metrics'): Promise<Set<string>> {
  return exposedNames(await (await fetch(`${engine.url}${path}`)).text());
}

/** Debian's postgres_exporter 0.11 on a database URL, with our extra queries. */
export function startPostgresExporter(databaseUrl: string, queriesFile: string): Promise<Engine> {
  return startHttpEngine(
    'prometheus-postgres-exporter',
    (port) => [`--web.listen-address=127.0.0.1:${port}`, `--extend.query-path=${queriesFile}`],
    { env: { ...process.env, DATA_SOURCE_NAME: databaseUrl } },
  );
}

/** Debian's redis_exporter 1.45 on a Redis port. */
export function startRedisExporter(redisPort: number): Promise<Engine> {
  return startHttpEngine('prometheus-redis-exporter', (port) => [
    `-redis.addr=redis://127.0.0.1:${redisPort}`,
    `-web.listen-address=127.0.0.1:${port}`,
  ]);
}

/** Debian's Prometheus with a config and extra files written beside it, reachable on `/-/ready`. */
export function startPrometheus(
  config: (dir: string) => string,
  files: Record<string, string> = {},
  extraArgs: string[] = [],
): Promise<Engine> {
  return startHttpEngine(
    'prometheus',
    (port, dir) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, 'prometheus.yml'), config(dir));
      return [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        ...extraArgs,
      ];
    },
    { path: '/-/ready', timeoutMs: 20_000 },
  );
}

export interface Pgbouncer {
  port: number;
  stop(): Promise<void>;
}

/**
 * Debian's PgBouncer in front of the machine's PostgreSQL, trust auth, admin user `postgres`. PgBouncer refuses to
 * run as root, so as root it runs as the `postgres` user in its own process group (killed as a whole).
 */
export async function startPgbouncer(): Promise<Pgbouncer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'brownie-pgbouncer-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'users.txt'), '"postgres" ""\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      'brownie = host=127.0.0.1 port=5432 dbname=postgres',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'admin_users = postgres',
      'stats_users = postgres',
      'pool_mode = transaction',
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
  );
  const command = ['pgbouncer', join(dir, 'pgbouncer.ini')];
  const asRoot = process.getuid?.() === 0;
  const child = spawn(
    asRoot ? 'runuser' : command[0]!,
    asRoot ? ['-u', 'postgres', '--', ...command] : command.slice(1),
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => canConnect(port), 10_000, `pgbouncer on ${port}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
