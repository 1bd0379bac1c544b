// Which metric each PromQL expression of ours reads, and from which scrape job: every series selector in our rules
// and panels names its job, so the metric-existence test can check it against that job's real /metrics.

export interface SelectedMetric {
  metric: string;
  job: string | undefined;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
]);
const stripStrings = (expr: string) => expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');

/** Every `metric{…}` selector of an expression, with the job its matchers pin. */
export function selectedMetrics(expr: string): SelectedMetric[] {
  return [...expr.matchAll(new RegExp(`(${NAME})\\{([^}]*)\\}`, 'g'))].map((m) => ({
    metric: m[1]!,
    job: /(?:^|,)\s*job="([^"]+)"/.exec(m[2]!)?.[1],
  }));
}

/** Names used as metrics without a `{…}` selector (which would escape the job check): should be none. */
export function bareMetricNames(expr: string): string[] {
  const rest = stripStrings(expr)
    .replace(new RegExp(`${NAME}\\{[^}]*\\}`, 'g'), ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...rest.matchAll(new RegExp(`(?<![\\w.])(${NAME})(?![\\w(]|\\s*\\()`, 'g'))]
    .map((m) => m[1]!)
    .filter((n) => !KEYWORDS.has(n) && !/^(inf|nan)$/i.test(n));
}
