// Prometheus durations ("1h30m") to seconds and back, for computing promtool eval times from `for:` values.
const UNITS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)([dhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`bad duration "${text}"`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit as string]!, 0);
}

export function formatDuration(seconds: number): string {
  if (seconds < 0) throw new Error(`negative duration ${seconds}s`);
  if (seconds === 0) return '0s';
  let rest = seconds;
  return Object.entries(UNITS)
    .map(([unit, size]) => {
      const n = Math.floor(rest / size);
      rest -= n * size;
      return n > 0 ? `${n}${unit}` : '';
    })
    .join('');
}
