// The local HA cluster: etcd, three Patroni members on the rendered etcd patroni.yml (the stack preset's parameters;
// only addresses, paths and the DCS differ), HAProxy routing to whoever Patroni's REST API calls primary, and
// PgBouncer on the rendered ini in front of HAProxy. Every member runs as the postgres user on its own loopback
// address; everything is stopped by PID.
import type { ChildProcess } from 'node:child_process';
import { chownSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import {
  deepMerge,
  platformConfig,
  type DeepPartial,
  type PlatformConfig,
  type PlatformConfigInput,
  type StackName,
} from '../../../infra/config';
import {
  BOOTSTRAP_PASSWORD_ENV,
  PATRONI_PATHS,
  POOLER_CALLBACK_ENV,
  renderPatroniConfig,
  renderPgbouncerIni,
  renderPoolerCallbackScript,
  renderPostBootstrapScript,
} from '../../../infra/render';
import { postgresUser, run, startEngine, startEtcd, tempDir } from '../../integration/infra/engines';
import { freePort, stopProcess, waitFor } from '../../integration/helpers/processes';
import { renderHaproxyConfig } from './haproxy';
import { descendants, isAlive, signal, underSubreaper } from './processes';

/**
 * The PgBouncer, Patroni and PostgreSQL Debian ships here (the preset's images are newer; the ini and the timings
 * Patroni accepts depend on the version).
 */
const LOCAL = { pgbouncerVersion: '1.18.0', patroniVersion: '3.0.2', postgresBin: '/usr/lib/postgresql/15/bin' };

export const PASSWORDS = {
  superuser: 'super-secret',
  replication: 'replication-secret',
  rewind: 'rewind-secret',
  owner: 'owner-secret',
  app: 'app-secret',
  backup: 'backup-secret',
  pgbouncerAuth: 'auth-secret',
} as const;

export interface Member {
  name: string;
  host: string;
  postgresPort: number;
  restApiPort: number;
  dataDir: string;
  configFile: string;
  /** The subreaper running this member's Patroni (and, once detached, its postmaster). */
  process?: ChildProcess;
}

export interface HaClusterOptions {
  stack: StackName;
  /** Merged over the preset, as a stack's own settings are (e.g. Patroni timings or synchronous mode). */
  overrides?: DeepPartial<PlatformConfigInput>;
  log?: (message: string) => void;
  /** The promotion hooks pause and resume PgBouncer (default); false leaves them without a pooler to drive. */
  poolerPause?: boolean;
}

export interface ClusterEndpoints {
  etcd: string;
  haproxyPrimary: number;
  haproxyReplicas: number;
  pgbouncer: number;
}

const readPid = (file: string): number | undefined => {
  try {
    return Number(readFileSync(file, 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
};

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

export class HaCluster {
  readonly files = tempDir('brownie-ha');
  readonly as = postgresUser();
  readonly members: Member[];
  private readonly engines: ChildProcess[] = [];
  private log: (message: string) => void;
  private readonly poolerPause: boolean;
  /** PAUSE and RESUME commands every PgBouncer logged, in order (Patroni's promotion hooks issue them). */
  readonly poolerCommands: string[] = [];
  endpoints!: ClusterEndpoints;

  private constructor(
    readonly config: PlatformConfig,
    options: HaClusterOptions,
  ) {
    this.log = options.log ?? (() => undefined);
    this.poolerPause = options.poolerPause ?? true;
    // Patroni refuses 127.0.0.1 as a connect address: each member gets its own loopback address.
    this.members = [2, 3, 4].map((n) => ({
      name: `member-${n - 1}`,
      host: `127.0.0.${n}`,
      postgresPort: 0,
      restApiPort: 0,
      dataDir: `${this.files.dir}/member-${n - 1}`,
      configFile: '',
    }));
  }

  static async start(options: HaClusterOptions): Promise<HaCluster> {
    const config = platformConfig(
      options.stack,
      deepMerge(options.overrides ?? {}, {
        postgres: { patroniVersion: LOCAL.patroniVersion },
        pgbouncer: { version: LOCAL.pgbouncerVersion },
      }),
    );
    const cluster = new HaCluster(config, options);
    try {
      await cluster.boot();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private async boot(): Promise<void> {
    const started = Date.now();
    const { files, as } = this;
    if (as) chownSync(files.dir, as.uid, as.gid);
    const { etcd, host } = await startEtcd(`${files.dir}/etcd`);
    this.engines.push(etcd);
    this.endpoints = {
      etcd: host,
      haproxyPrimary: await freePort(),
      haproxyReplicas: await freePort(),
      pgbouncer: await freePort(),
    };
    files.write('post-bootstrap.sh', renderPostBootstrapScript(this.config), 0o755);
    files.write('pooler-callback.sh', renderPoolerCallbackScript(this.config), 0o755);
    for (const m of this.members) {
      [m.postgresPort, m.restApiPort] = [await freePort(), await freePort()];
      m.configFile = files.write(`${m.name}.yml`, this.patroniYml(m));
    }
    const [first, ...others] = this.members as [Member, ...Member[]];
    await this.startMember(first);
    await waitFor(async () => (await this.patroni(first, '/primary')).status === 200, 60_000, `${first.name} to lead`);
    await Promise.all(others.map((m) => this.startMember(m)));
    await this.waitForStreaming(others, 60_000);
    this.log(`3 members up in ${Date.now() - started} ms`);
    await this.startRouting();
    this.log(`HAProxy and PgBouncer up after ${Date.now() - started} ms`);
  }

  private patroniYml(m: Member): string {
    return renderPatroniConfig(this.config, {
      dcs: 'etcd',
      etcdHosts: [this.endpoints.etcd],
      member: { ...m, binDir: LOCAL.postgresBin },
    })
      .replace(PATRONI_PATHS.postBootstrap, `${this.files.dir}/post-bootstrap.sh`)
      .replaceAll(PATRONI_PATHS.poolerCallback, `${this.files.dir}/pooler-callback.sh`);
  }

  private async startRouting(): Promise<void> {
    const { files, as, endpoints } = this;
    const haproxy = renderHaproxyConfig(this.members, {
      primary: endpoints.haproxyPrimary,
      replicas: endpoints.haproxyReplicas,
    });
    this.engines.push(
      await startEngine(
        ['haproxy', '-db', '-f', files.write('haproxy.cfg', haproxy)],
        endpoints.haproxyPrimary,
        'haproxy',
        as,
      ),
    );
    await this.startPgbouncer(
      { host: '127.0.0.1', port: endpoints.haproxyPrimary },
      { host: '127.0.0.1', port: endpoints.haproxyReplicas },
      { port: endpoints.pgbouncer },
    );
    // HAProxy needs a passing check before it routes: wait until a login through the whole chain works.
    await waitFor(
      () => this.query(this.urls().owner, 'SELECT 1').then(() => true),
      30_000,
      'a login through PgBouncer',
    );
  }

  /**
   * PgBouncer on the rendered ini in front of the given primary and replica addresses; returns its port. With
   * `instances` > 1, that many processes share the port (so_reuseport): the kernel spreads connections over them as
   * the PgBouncer Service spreads them over its pods.
   */
  async startPgbouncer(
    primary: { host: string; port: number },
    replicas: { host: string; port: number },
    options: { port?: number; instances?: number } = {},
  ): Promise<number> {
    const listenPort = options.port ?? (await freePort());
    const instances = options.instances ?? 1;
    const authFile = this.files.write(
      'userlist.txt',
      `"${this.config.pgbouncer.authUser}" "${PASSWORDS.pgbouncerAuth}"\n`,
    );
    const ini = renderPgbouncerIni(this.config, { listenAddr: '127.0.0.1', listenPort, primary, replicas, authFile });
    const file = this.files.write(
      `pgbouncer-${listenPort}.ini`,
      instances > 1 ? ini.replace('[pgbouncer]\n', '[pgbouncer]\nso_reuseport = 1\n') : ini,
    );
    for (let i = 0; i < instances; i++) {
      const pgbouncer = await startEngine(['pgbouncer', file], listenPort, 'pgbouncer', this.as);
      pgbouncer.stderr?.on('data', (d: Buffer) => this.poolerCommands.push(...adminCommands(d.toString())));
      this.engines.push(pgbouncer);
    }
    return listenPort;
  }

  /** Connection strings: the service role and owner through PgBouncer / HAProxy, as the platform wires them. */
  urls() {
    const { database, appUser, ownerUser } = this.config.postgres;
    const e = this.endpoints;
    return {
      app: `postgres://${appUser}:${PASSWORDS.app}@127.0.0.1:${e.pgbouncer}/${database}`,
      appReplica: `postgres://${appUser}:${PASSWORDS.app}@127.0.0.1:${e.pgbouncer}/${database}_replica`,
      /** Migrations go to the primary directly (session advisory lock), never through PgBouncer. */
      owner: `postgres://${ownerUser}:${PASSWORDS.owner}@127.0.0.1:${e.haproxyPrimary}/${database}`,
      ownerViaPgbouncer: `postgres://${ownerUser}:${PASSWORDS.owner}@127.0.0.1:${e.pgbouncer}/${database}`,
    };
  }

  /** A superuser connection string straight to one member. */
  memberUrl(m: Member, database = this.config.postgres.database): string {
    return `postgres://postgres:${PASSWORDS.superuser}@${m.host}:${m.postgresPort}/${database}`;
  }

  async query<T extends Record<string, unknown>>(url: string, text: string, values?: unknown[]): Promise<T[]> {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000, query_timeout: 5_000 });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  patroni(m: Member, path: string, init?: RequestInit): Promise<Response> {
    return fetch(`http://${m.host}:${m.restApiPort}${path}`, { ...init, signal: AbortSignal.timeout(2_000) });
  }

  /** The member holding the leader lock, as any reachable member reports it. */
  async leader(): Promise<Member> {
    for (const m of this.members) {
      try {
        const cluster = (await (await this.patroni(m, '/cluster')).json()) as {
          members: { name: string; role: string }[];
        };
        const name = cluster.members.find((x) => x.role === 'leader')?.name;
        const leader = this.members.find((x) => x.name === name);
        if (leader) return leader;
      } catch {
        // down: ask the next one
      }
    }
    throw new Error('no member reports a leader');
  }

  replicasOf(leader: Member): Member[] {
    return this.members.filter((m) => m !== leader);
  }

  /** Waits until each member is a replica and the leader's pg_stat_replication shows it streaming (matched by name). */
  async waitForStreaming(replicas: Member[], timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const leader = await this.leader();
        const rows = await this.query<{ application_name: string }>(
          this.memberUrl(leader, 'postgres'),
          "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'",
        );
        const streaming = new Set(rows.map((r) => r.application_name));
        return replicas.every((m) => m === leader || streaming.has(m.name));
      },
      timeoutMs,
      `${replicas.map((m) => m.name).join(', ')} to stream`,
    );
  }

  async startMember(m: Member): Promise<void> {
    // Only what Patroni needs: a PG* variable would override its password file (local HA notes, pitfall 2).
    const env = {
      PATH: process.env.PATH,
      HOME: this.files.dir,
      PATRONI_SUPERUSER_PASSWORD: PASSWORDS.superuser,
      PATRONI_REPLICATION_PASSWORD: PASSWORDS.replication,
      PATRONI_REWIND_PASSWORD: PASSWORDS.rewind,
      [BOOTSTRAP_PASSWORD_ENV.owner]: PASSWORDS.owner,
      [BOOTSTRAP_PASSWORD_ENV.app]: PASSWORDS.app,
      [BOOTSTRAP_PASSWORD_ENV.backup]: PASSWORDS.backup,
      [BOOTSTRAP_PASSWORD_ENV.pgbouncerAuth]: PASSWORDS.pgbouncerAuth,
      // The promotion hooks pause and resume the one local PgBouncer; HAProxy plays the primary Service.
      [POOLER_CALLBACK_ENV.addresses]: this.poolerPause ? `127.0.0.1:${this.endpoints.pgbouncer}` : '',
      [POOLER_CALLBACK_ENV.primaryHost]: '127.0.0.1',
      [POOLER_CALLBACK_ENV.primaryPort]: String(this.endpoints.haproxyPrimary),
    };
    const command = underSubreaper(['patroni', m.configFile]);
    m.process = await startEngine(command, m.restApiPort, `${m.name} REST API`, this.as, env, m.host);
  }

  private pids(m: Member): { patroni?: number; postmaster?: number } {
    const wrapper = m.process?.pid;
    const patroni = wrapper ? descendants(wrapper).find((pid) => cmdline(pid).includes('bin/patroni')) : undefined;
    const postmaster = readPid(`${m.dataDir}/postmaster.pid`);
    return { patroni, postmaster: postmaster && isAlive(postmaster) ? postmaster : undefined };
  }

  /** kill -9 of Patroni and the postmaster together, as a node dying would; resolves once the tree is reaped. */
  async kill(m: Member): Promise<void> {
    const { patroni, postmaster } = this.pids(m);
    for (const pid of [postmaster, patroni]) if (pid) signal(pid, 'SIGKILL');
    await this.reaped(m);
  }

  /** The member's WAL receiver processes (a replica streams with one). */
  walReceivers(m: Member): number[] {
    const { postmaster } = this.pids(m);
    return postmaster ? descendants(postmaster).filter((pid) => cmdline(pid).includes('walreceiver')) : [];
  }

  /** kill -9 of the postmaster only: Patroni lives and must notice. */
  crashPostgres(m: Member): void {
    const { postmaster } = this.pids(m);
    if (!postmaster) throw new Error(`${m.name} has no running postmaster`);
    signal(postmaster, 'SIGKILL');
  }

  private async reaped(m: Member): Promise<void> {
    const wrapper = m.process;
    if (!wrapper || wrapper.exitCode !== null || wrapper.signalCode !== null) return;
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise((resolve) => wrapper.once('exit', resolve));
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, 10_000, 'timeout')));
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      // A backend that has not noticed its postmaster die: finish the tree off.
      for (const pid of descendants(wrapper.pid!)) signal(pid, 'SIGKILL');
      await stopProcess(wrapper, 'SIGKILL');
    }
  }

  /** Runs patronictl against this cluster's configuration; throws with its output when it fails. */
  patronictl(args: string[]): string {
    const result = run('patronictl', ['-c', this.members[0]!.configFile, ...args]);
    if (result.code !== 0) throw new Error(`patronictl ${args.join(' ')} failed: ${result.output}`);
    return result.output;
  }

  /** Every engine process id still running (members' whole trees included). */
  runningPids(): number[] {
    const roots = [...this.members.map((m) => m.process), ...this.engines].filter(
      (p): p is ChildProcess => !!p?.pid && p.exitCode === null && p.signalCode === null,
    );
    return roots.flatMap((p) => [p.pid!, ...descendants(p.pid!)]).filter(isAlive);
  }

  /** Fast, complete teardown: Patroni killed first so it restarts nothing, postmasters shut down immediately. */
  async stop(): Promise<void> {
    await Promise.all(
      this.members.map(async (m) => {
        const { patroni, postmaster } = this.pids(m);
        if (patroni) signal(patroni, 'SIGKILL');
        if (postmaster) signal(postmaster, 'SIGQUIT');
        await this.reaped(m);
      }),
    );
    for (const engine of this.engines.reverse()) await stopProcess(engine);
    this.files.remove();
  }
}

/** The PAUSE/RESUME lines of PgBouncer's log ("LOG PAUSE 'brownie' command issued"), as "PAUSE brownie". */
const adminCommands = (log: string): string[] =>
  [...log.matchAll(/LOG (PAUSE|RESUME) '([^']+)' command issued/g)].map((m) => `${m[1]} ${m[2]}`);
