// `npm run backup -- <command>`, and the container entry of the backup and restore-drill CronJobs.
// Exit codes: 0 done; 1 failed; 2 bad input or configuration; 3 not found; 4 integrity or key failure; 5 busy.
import { Command, Option } from 'commander';
import { createBackupEngine, BackupError, type BackupEngine } from '../backup';
import { schedule } from '../backup/scheduler';
import { ConfigError, loadConfig } from '../config';

const tty = process.stderr.isTTY;
const log = (line: string) => console.error(`${new Date().toISOString()} ${line}`);

function progress(label: string) {
  const start = Date.now();
  let last = 0;
  return (bytes: number) => {
    if (!tty || Date.now() - last < 200) return;
    last = Date.now();
    const mib = bytes / 1048576;
    process.stderr.write(
      `\r${label}: ${mib.toFixed(1)} MiB, ${(mib / Math.max(0.001, (Date.now() - start) / 1000)).toFixed(1)} MiB/s   `,
    );
  };
}
const endProgress = () => tty && process.stderr.write('\n');

async function withEngine<T>(work: (engine: BackupEngine) => Promise<T>): Promise<T> {
  const engine = createBackupEngine(loadConfig(), 'cli');
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

const json = new Option('--json', 'print JSON instead of text');
const program = new Command('backup')
  .description('Brownie metadata backups: age-encrypted pg_dump archives')
  .showHelpAfterError();

program
  .command('backup', { isDefault: false })
  .description('take a backup now')
  .option('--name <name>', 'backup name (default brownie-<db>-<UTC time>)')
  .addOption(json)
  .action((o: { name?: string; json?: boolean }) =>
    withEngine(async (engine) => {
      log(`backup of ${engine.database} to ${engine.provider.destination}: starting`);
      const m = await engine.backup({ name: o.name, onProgress: progress('backup') });
      endProgress();
      if (o.json) console.log(JSON.stringify(m));
      else
        console.log(
          `${m.name}\t${m.sizes.stored_bytes} bytes\tsha256 ${m.sha256}\tmigration ${m.latest_migration ?? '-'}`,
        );
    }),
  );

program
  .command('list')
  .description('list backups, newest first')
  .addOption(json)
  .action((o: { json?: boolean }) =>
    withEngine(async (engine) => {
      const backups = await engine.list();
      if (o.json) return console.log(JSON.stringify(backups));
      if (!backups.length) return console.log('no backups');
      for (const b of backups)
        console.log(`${b.name}\t${b.created_at}\t${b.stored_bytes} bytes\t${b.latest_migration ?? '-'}`);
    }),
  );

program
  .command('restore')
  .description('verify, decrypt and restore a backup (needs BACKUP_AGE_IDENTITY_FILE)')
  .argument('<name>')
  .option('--target-db <name>', 'database to restore into (created if missing; default: the configured one)')
  .option('--force', 'replace the contents of a database that has tables', false)
  .action((name: string, o: { targetDb?: string; force: boolean }) =>
    withEngine(async (engine) => {
      const r = await engine.restore(name, { targetDb: o.targetDb, force: o.force, onProgress: progress('download') });
      endProgress();
      console.log(`restored ${r.name} into ${r.target}`);
    }),
  );

program
  .command('verify')
  .description('download, check size and sha256, decrypt and list the archive')
  .argument('<name>')
  .action((name: string) =>
    withEngine(async (engine) => {
      const r = await engine.verify(name);
      console.log(`${r.name}: ok (${r.entries} archive entries)`);
    }),
  );

program
  .command('delete')
  .description('delete a backup and its manifest')
  .argument('<name>')
  .action((name: string) => withEngine(async (engine) => (await engine.delete(name), console.log(`deleted ${name}`))));

program
  .command('cleanup')
  .description('delete backups older than BACKUP_RETENTION_DAYS, keeping the newest BACKUP_KEEP_MIN')
  .option('--dry-run', 'only say what would be deleted', false)
  .action((o: { dryRun: boolean }) =>
    withEngine(async (engine) => {
      const plan = await engine.cleanup({ dryRun: o.dryRun });
      for (const name of plan.deleted) console.log(`${o.dryRun ? 'would delete' : 'deleted'}\t${name}`);
      console.log(`kept ${plan.kept.length}, ${o.dryRun ? 'would delete' : 'deleted'} ${plan.deleted.length}`);
    }),
  );

program
  .command('drill')
  .description('restore the newest backup into a scratch database and compare every table with its manifest')
  .action(() =>
    withEngine(async (engine) => {
      const r = await engine.drill();
      console.log(`drill of ${r.name}: ${r.tables} tables match`);
    }),
  );

program
  .command('status')
  .description('recent runs and what the destination holds')
  .addOption(json)
  .action((o: { json?: boolean }) =>
    withEngine(async (engine) => {
      const runs = await engine.recentRuns(10);
      const backups = await engine.list();
      if (o.json)
        return console.log(JSON.stringify({ destination: engine.provider.destination, backups: backups.length, runs }));
      console.log(
        `destination: ${engine.provider.destination}\nbackups: ${backups.length}, newest: ${backups[0]?.name ?? '-'}`,
      );
      for (const r of runs)
        console.log(`${r.started_at.toISOString()}\t${r.kind}\t${r.status}\t${r.name ?? ''}\t${r.error ?? ''}`);
    }),
  );

program
  .command('schedule')
  .description('run backups (then cleanup) on BACKUP_SCHEDULE and drills on RESTORE_DRILL_SCHEDULE until stopped')
  .action(async () => {
    const config = loadConfig();
    const engine = createBackupEngine(config, 'schedule');
    const scheduler = schedule(engine, { backup: config.BACKUP_SCHEDULE, drill: config.RESTORE_DRILL_SCHEDULE }, log);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    log('stopping after the current run');
    await scheduler.stop();
    await engine.close();
  });

program.parseAsync().catch((error: Error) => {
  endProgress();
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  console.error(`backup: ${error.message}`);
  process.exitCode = error instanceof BackupError ? error.exitCode : 1;
});
