// The longest gap between two runs of a five-field cron schedule, so "backup stale" can be derived from the backup
// CronJob's schedule instead of being configured twice. Supports numbers, *, ranges, lists and steps (no names).

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`cron ${field.name}: cannot read "${part}" (numbers, *, ranges, lists and steps only)`);
    const from = m[1] === '*' ? field.min : Number(m[2]);
    const to = m[1] === '*' ? field.max : m[3] !== undefined ? Number(m[3]) : m[4] ? field.max : from;
    const step = m[4] ? Number(m[4]) : 1;
    if (from < field.min || to > field.max || from > to || step < 1) {
      throw new Error(`cron ${field.name}: "${part}" is outside ${field.min}-${field.max}`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Longest interval between consecutive runs, in seconds, over 62 days (enough for monthly schedules). */
export function cronPeriodSeconds(schedule: string): number {
  const parts = schedule.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron: expected five fields in "${schedule}"`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  if (dow!.has(7)) dow!.add(0);
  // Standard cron: when both day fields are restricted, a day matching either one runs.
  const domAny = parts[2] === '*';
  const dowAny = parts[4] === '*';
  const runs: number[] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let t = start; t < start + 62 * 86_400_000; t += 60_000) {
    const d = new Date(t);
    const dayOk =
      domAny || dowAny
        ? dom!.has(d.getUTCDate()) && dow!.has(d.getUTCDay())
        : dom!.has(d.getUTCDate()) || dow!.has(d.getUTCDay());
    if (minute!.has(d.getUTCMinutes()) && hour!.has(d.getUTCHours()) && month!.has(d.getUTCMonth() + 1) && dayOk) {
      runs.push(t);
    }
  }
  if (runs.length < 2) throw new Error(`cron: "${schedule}" runs less than twice in 62 days`);
  return Math.max(...runs.slice(1).map((t, i) => (t - runs[i]!) / 1000));
}
