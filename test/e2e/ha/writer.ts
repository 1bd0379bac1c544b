// A client committing incidents through the API at a steady, modest rate. What it was told succeeded (201) is what
// must survive a failover; the longest gap between two acknowledged writes is the write unavailability.
import type { ApiTenant } from './api';

export interface WriterReport {
  attempts: number;
  failed: number;
  /** Ids the API acknowledged with 201. */
  acknowledged: string[];
  /** Longest time between two consecutive acknowledgements, in ms. */
  maxGapMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SteadyWriter {
  private running = true;
  private readonly acks: { id: string; at: number }[] = [];
  private attempts = 0;
  private failed = 0;
  private readonly loop: Promise<void>;

  constructor(
    private readonly apiUrl: string,
    private readonly tenant: ApiTenant,
    private readonly intervalMs = 50,
  ) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      await this.writeOnce();
      await sleep(Math.max(0, this.intervalMs - (Date.now() - started)));
    }
  }

  private async writeOnce(): Promise<void> {
    const seq = ++this.attempts;
    try {
      const res = await fetch(`${this.apiUrl}/v1/incidents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.tenant.token}`,
          'content-type': 'application/json',
          'idempotency-key': `writer-${Date.now()}-${seq}`,
        },
        body: JSON.stringify({ team_id: this.tenant.teamId, title: `write ${seq}` }),
        signal: AbortSignal.timeout(3_000),
      });
      const body = (await res.json()) as { id?: string };
      if (res.status === 201 && body.id) this.acks.push({ id: body.id, at: Date.now() });
      else this.failed++;
    } catch {
      this.failed++;
    }
  }

  /** Resolves once at least `count` more writes have been acknowledged. */
  async acknowledged(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.acks.length + count;
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < target) {
      if (Date.now() > deadline) throw new Error(`writes not acknowledged within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  async stop(): Promise<WriterReport> {
    this.running = false;
    await this.loop;
    const gaps = this.acks.slice(1).map((a, i) => a.at - this.acks[i]!.at);
    return {
      attempts: this.attempts,
      failed: this.failed,
      acknowledged: this.acks.map((a) => a.id),
      maxGapMs: Math.max(0, ...gaps),
    };
  }
}
