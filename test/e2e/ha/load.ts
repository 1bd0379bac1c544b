// A steady client: one operation at a time at a modest, fixed rate, each success recorded with its time. The longest
// gap between two successes is the unavailability the client saw.
export interface LoadReport {
  attempts: number;
  failed: number;
  /** What each successful operation returned (for writes: the id the API acknowledged). */
  acknowledged: string[];
  /** Longest time between two consecutive successes, in ms. */
  maxGapMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SteadyLoad {
  private running = true;
  private readonly acks: { id: string; at: number }[] = [];
  private attempts = 0;
  private failed = 0;
  private readonly loop: Promise<void>;

  /** `operation` resolves with a result on success and rejects or resolves undefined on failure. */
  constructor(
    private readonly operation: (seq: number) => Promise<string | undefined>,
    private readonly intervalMs = 50,
  ) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      const result = await this.operation(++this.attempts).catch(() => undefined);
      if (result === undefined) this.failed++;
      else this.acks.push({ id: result, at: Date.now() });
      await sleep(Math.max(0, this.intervalMs - (Date.now() - started)));
    }
  }

  /** Resolves once at least `count` more operations have succeeded. */
  async acknowledged(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.acks.length + count;
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < target) {
      if (Date.now() > deadline) throw new Error(`${count} operations did not succeed within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  async stop(): Promise<LoadReport> {
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
