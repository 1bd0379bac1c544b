// Split-brain watch: every member is asked several times a second whether it accepts writes (not in recovery).
// Samples are kept so a test can ask "was member X ever writable after time T".
import { Client } from 'pg';
import type { HaCluster, Member } from './cluster';

export interface Sample {
  at: number;
  writable: string[];
}

export class WritableProbe {
  readonly samples: Sample[] = [];
  private readonly clients = new Map<string, Client>();
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;

  constructor(
    private readonly cluster: HaCluster,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    const tick = () => {
      this.round = this.sample().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  private async writable(m: Member): Promise<boolean> {
    let client = this.clients.get(m.name);
    try {
      if (!client) {
        client = new Client({
          connectionString: this.cluster.memberUrl(m, 'postgres'),
          connectionTimeoutMillis: 500,
          query_timeout: 1_000,
        });
        client.on('error', () => undefined);
        this.clients.set(m.name, client);
        await client.connect();
      }
      const { rows } = await client.query<{ writable: boolean }>('SELECT NOT pg_is_in_recovery() AS writable');
      return rows[0]?.writable === true;
    } catch {
      this.clients.delete(m.name);
      void client?.end().catch(() => undefined);
      return false;
    }
  }

  private async sample(): Promise<void> {
    const results = await Promise.all(this.cluster.members.map(async (m) => [m.name, await this.writable(m)] as const));
    this.samples.push({ at: Date.now(), writable: results.filter(([, w]) => w).map(([name]) => name) });
  }

  /** The most members seen accepting writes at once. */
  maxWritable(): number {
    return Math.max(0, ...this.samples.map((s) => s.writable.length));
  }

  /** The longest stretch after `since` with no member accepting writes, in ms (database-side unavailability). */
  longestWithoutPrimary(since: number): number {
    let longest = 0;
    let start: number | undefined;
    for (const s of this.samples.filter((x) => x.at >= since)) {
      if (s.writable.length === 0) start ??= s.at;
      else if (start !== undefined) {
        longest = Math.max(longest, s.at - start);
        start = undefined;
      }
    }
    return longest;
  }

  writableSince(m: Member, since: number, until = Date.now()): boolean {
    return this.samples.some((s) => s.at >= since && s.at <= until && s.writable.includes(m.name));
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
    await Promise.all([...this.clients.values()].map((c) => c.end().catch(() => undefined)));
    this.clients.clear();
  }
}
