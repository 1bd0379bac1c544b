// The metadata API as its own process (`tsx app/src/main.ts`), pointed at PgBouncer as the platform deploys it,
// migrations straight to the primary. Like Kubernetes, it restarts the process when it dies and counts the deaths:
// a crash during a failover is a finding, and must not take the test runner down with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, stopProcess, waitFor } from '../../integration/helpers/processes';
import type { HaCluster } from './cluster';
import { descendants } from './processes';

const ROOT = join(__dirname, '../../..');

export interface ApiTenant {
  token: string;
  teamId: string;
}

export class ApiProcess {
  /** The last lines the process wrote before each unexpected exit. */
  readonly crashes: string[] = [];
  private child?: ChildProcess;
  private stopping = false;

  private constructor(
    readonly url: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(cluster: HaCluster): Promise<ApiProcess> {
    const urls = cluster.urls();
    const port = await freePort();
    const api = new ApiProcess(`http://127.0.0.1:${port}`, {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: urls.app,
      DATABASE_READ_URL: urls.appReplica,
      MIGRATIONS_DATABASE_URL: urls.owner,
      JWT_SECRET: randomBytes(32).toString('hex'),
      // The writer is one client: the per-client limit is not what is measured.
      RATE_LIMIT_POINTS: '1000000',
      DB_POOL_MAX: String(cluster.config.api.dbPoolMax),
      DB_CONNECT_TIMEOUT_MS: '2000',
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    await api.spawn(true);
    return api;
  }

  private async spawn(migrate: boolean): Promise<void> {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['app/src/main.ts'], {
      cwd: ROOT,
      env: { ...this.env, MIGRATE_ON_START: String(migrate) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-2_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      this.crashes.push(`exit ${code ?? signal}: ${tail}`);
      void this.spawn(false).catch(() => undefined);
    });
    this.child = child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the API exited: ${tail}`);
        return (await fetch(`${this.url}/health/live`)).ok;
      },
      60_000,
      'the API to listen',
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child) await stopProcess(this.child);
  }

  /** The tsx launcher and the node process it starts (a killed launcher would leave the server running). */
  pids(): number[] {
    const pid = this.child?.exitCode === null ? this.child.pid : undefined;
    return pid ? [pid, ...descendants(pid)] : [];
  }
}

export async function signupTenant(apiUrl: string): Promise<ApiTenant> {
  const name = `ha-${Date.now().toString(36)}`;
  const res = await fetch(`${apiUrl}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `owner@${name}.test`,
      password: 'correct horse battery staple',
      username: 'owner',
      organization_name: name,
      team_name: 'Ops',
    }),
  });
  const body = (await res.json()) as { access_token: string; team: { id: string } };
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(body)}`);
  return { token: body.access_token, teamId: body.team.id };
}
