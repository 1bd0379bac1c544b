// `npm run migrate -- <command>`: the same reach as the original's Alembic commands, on node-pg-migrate.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MIGRATIONS_DIR, migrate, migrationStatus, type MigrationTarget } from './runner';

const urlOption = () =>
  new Option('--database-url <url>', 'owner connection (never through PgBouncer)')
    .env('MIGRATIONS_DATABASE_URL')
    .makeOptionMandatory();

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('--steps must be a whole number ≥ 1');
  return n;
}

async function run(direction: 'up' | 'down', url: string, target: MigrationTarget, dryRun: boolean): Promise<void> {
  const ran = await migrate({ databaseUrl: url, direction, target, dryRun, log: (m) => console.log(m) });
  const verb = direction === 'up' ? 'applied' : 'rolled back';
  console.log(ran.length ? `${verb}: ${ran.join(', ')}` : `nothing to do (${direction})`);
}

const program = new Command('migrate').description('Brownie metadata schema migrations').showHelpAfterError();

program
  .command('up')
  .description('apply pending migrations (all, or up to and including --to)')
  .addOption(urlOption())
  .option('--to <name>', 'stop after this migration (name or timestamp)')
  .option('--dry-run', 'print the SQL without applying it', false)
  .action((o: { databaseUrl: string; to?: string; dryRun: boolean }) =>
    run('up', o.databaseUrl, o.to ? { to: o.to } : { all: true }, o.dryRun),
  );

program
  .command('down')
  .description('roll back one migration, --steps N, everything after --to, or everything with --base')
  .addOption(urlOption())
  .option('--steps <n>', 'how many to roll back', positiveInt)
  .option('--to <name>', 'roll back every migration after this one')
  .option('--base', 'roll back every migration', false)
  .option('--dry-run', 'print the SQL without applying it', false)
  .action((o: { databaseUrl: string; steps?: number; to?: string; base: boolean; dryRun: boolean }) => {
    if ([o.steps !== undefined, o.to !== undefined, o.base].filter(Boolean).length > 1) {
      throw new InvalidArgumentError('give only one of --steps, --to, --base');
    }
    const target: MigrationTarget = o.base ? { base: true } : o.to ? { to: o.to } : { steps: o.steps ?? 1 };
    return run('down', o.databaseUrl, target, o.dryRun);
  });

program
  .command('status')
  .alias('current')
  .description('show the current migration and how many are pending')
  .addOption(urlOption())
  .action(async (o: { databaseUrl: string }) => {
    const states = await migrationStatus(o.databaseUrl);
    const applied = states.filter((s) => s.runOn);
    console.log(`current: ${applied.at(-1)?.name ?? '(base)'}`);
    console.log(`applied: ${applied.length}, pending: ${states.length - applied.length}`);
  });

program
  .command('history')
  .description('list every migration with when it was applied')
  .addOption(urlOption())
  .action(async (o: { databaseUrl: string }) => {
    for (const s of await migrationStatus(o.databaseUrl)) {
      console.log(`${s.runOn ? s.runOn.toISOString() : 'pending                 '}  ${s.name}`);
    }
  });

program
  .command('create')
  .description('write a new, empty migration file')
  .argument('<name>', 'short kebab-case description, e.g. add-incident-sla')
  .action((name: string) => {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new InvalidArgumentError('name must be kebab-case: a-z, 0-9, -');
    const file = path.join(MIGRATIONS_DIR, `${Date.now()}_${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationBuilder } from 'node-pg-migrate';\n\nexport function up(pgm: MigrationBuilder): void {}\n\nexport function down(pgm: MigrationBuilder): void {}\n`,
      { flag: 'wx' },
    );
    console.log(`created ${path.relative(process.cwd(), file)}`);
  });

program.parseAsync().catch((error: Error) => {
  console.error(`migrate: ${error.message}`);
  process.exitCode = 1;
});
