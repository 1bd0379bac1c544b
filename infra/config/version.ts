/** Whether a dotted release number (1.23.1, 3.0) is at least `minimum`; missing parts count as 0. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => v.split('.').map(Number);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}
