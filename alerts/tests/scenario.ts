// A unit-test scenario per rule (alert name + severity): the series that make it fire, the labels it fires with,
// and series for which it must stay quiet. alerts/unit-tests.ts turns them into promtool test files.
import type { Severity } from '../rule';

export interface InputSeries {
  series: string;
  /** promtool expanding notation, one sample per minute: "0+60x90", "1x30 0x30", "_x5 1x20". */
  values: string;
}

export interface Scenario {
  alert: string;
  severity: Severity;
  /** Series that make the expression true from `trueFrom` on (and until the checks are done). */
  firing: InputSeries[];
  /** When the expression first holds, as a duration from the start (default "0m"). */
  trueFrom?: string;
  /** Labels the firing alert carries from its series (severity and common labels are added). */
  labels: Record<string, string>;
  /** Series near the threshold, or the healthy state, under which the alert must never fire. */
  quiet: InputSeries[] | 'impossible';
  /** For a critical variant: its warning sibling legitimately fires in the quiet case (same labels). */
  quietSiblingFires?: Severity;
}

/** `metric{k="v",...}` from a metric name and labels. */
export function seriesName(metric: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `${metric}{${body}}`;
}

/** A series builder bound to one target's labels. */
export const target =
  (base: Record<string, string>) =>
  (metric: string, values: string, extra: Record<string, string> = {}): InputSeries => ({
    series: seriesName(metric, { ...base, ...extra }),
    values,
  });
