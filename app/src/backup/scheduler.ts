// `backup schedule`: the cron loop for installs without Kubernetes CronJobs. A run never overlaps itself.
import { Cron } from 'croner';
import type { BackupEngine } from './engine';

export interface Scheduler {
  stop(): Promise<void>;
}

export function schedule(
  engine: BackupEngine,
  crons: { backup: string; drill: string },
  log: (line: string) => void,
): Scheduler {
  let running: Promise<unknown> = Promise.resolve();
  const job = (what: string, work: () => Promise<unknown>) => async () => {
    log(`${what}: starting`);
    running = work().then(
      () => log(`${what}: done`),
      (error: Error) => log(`${what}: failed: ${error.message}`),
    );
    await running;
  };
  const jobs = [
    new Cron(
      crons.backup,
      { protect: true },
      job('backup', async () => {
        const m = await engine.backup();
        log(`backup: ${m.name} (${m.sizes.stored_bytes} bytes)`);
        const plan = await engine.cleanup();
        if (plan.deleted.length) log(`cleanup: deleted ${plan.deleted.join(', ')}`);
      }),
    ),
    new Cron(
      crons.drill,
      { protect: true },
      job('drill', () => engine.drill()),
    ),
  ];
  log(
    `scheduled: backup "${crons.backup}" (next ${jobs[0]!.nextRun()?.toISOString()}), drill "${crons.drill}" (next ${jobs[1]!.nextRun()?.toISOString()})`,
  );
  return {
    async stop() {
      for (const j of jobs) j.stop();
      await running;
    },
  };
}
