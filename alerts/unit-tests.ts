// Renders the promtool unit tests: for every rule, a test with the expression true from `trueFrom` that expects
// nothing one evaluation before the `for:` boundary and exactly the alert at it, and a test that must stay quiet.
import YAML from 'yaml';
import { defaultMonitoringConfig, type MonitoringConfig } from './config';
import { formatDuration, parseDuration } from './duration';
import { ruleGroups } from './index';
import { renderRule, type AlertRule } from './rule';
import type { Scenario } from './tests/scenario';

/** Evaluation and sampling step of every test. */
export const STEP_SECONDS = 60;
/** How long after the boundary the quiet case is checked. */
const QUIET_MARGIN_SECONDS = 10 * 60;

export const ruleKey = (r: { alert: string; severity: string }): string => `${r.alert}/${r.severity}`;

/** Expands `{{ $labels.x }}` the way Prometheus does; a label the alert does not carry is a bug in the rule. */
export function expandTemplate(text: string, labels: Record<string, string>, where: string): string {
  const expanded = text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => {
    const value = labels[name];
    if (value === undefined) throw new Error(`${where}: annotation uses $labels.${name}, which the alert lacks`);
    return value;
  });
  if (expanded.includes('{{')) throw new Error(`${where}: annotations may only use {{ $labels.<name> }}`);
  return expanded;
}

/** What promtool must see for a firing alert of `rule` whose series carry `seriesLabels`. */
function expectedAlert(config: MonitoringConfig, rule: AlertRule, seriesLabels: Record<string, string>) {
  const rendered = renderRule(config, rule);
  const labels = { ...seriesLabels, ...rendered.labels };
  return {
    exp_labels: labels,
    exp_annotations: {
      summary: rendered.annotations.summary,
      description: expandTemplate(rendered.annotations.description, labels, ruleKey(rule)),
      runbook_url: rendered.annotations.runbook_url,
    },
  };
}

function testsFor(config: MonitoringConfig, rule: AlertRule, scenario: Scenario, siblings: AlertRule[]) {
  const key = ruleKey(rule);
  const trueFrom = parseDuration(scenario.trueFrom ?? '0m');
  const boundary = trueFrom + parseDuration(rule.for);
  const expected = expectedAlert(config, rule, scenario.labels);
  const checks = [
    ...(boundary >= STEP_SECONDS
      ? [{ eval_time: formatDuration(boundary - STEP_SECONDS), alertname: rule.alert, exp_alerts: [] }]
      : []),
    { eval_time: formatDuration(boundary), alertname: rule.alert, exp_alerts: [expected] },
  ];
  const tests: object[] = [
    {
      name: `${key} fires at the for: boundary`,
      interval: '1m',
      input_series: scenario.firing,
      alert_rule_test: checks,
    },
  ];
  if (scenario.quiet !== 'impossible') {
    const sibling = siblings.find((r) => r.alert === rule.alert && r.severity === scenario.quietSiblingFires);
    if (scenario.quietSiblingFires && !sibling) throw new Error(`${key}: no ${scenario.quietSiblingFires} sibling`);
    tests.push({
      name: `${key} stays quiet`,
      interval: '1m',
      input_series: scenario.quiet,
      alert_rule_test: [
        {
          eval_time: formatDuration(boundary + QUIET_MARGIN_SECONDS),
          alertname: rule.alert,
          exp_alerts: sibling ? [expectedAlert(config, sibling, scenario.labels)] : [],
        },
      ],
    });
  }
  return tests;
}

/**
 * One promtool test file per rule group, keyed by file name; `ruleFile` names the group's rule file as seen from the
 * test file, so each test evaluates only its own group (all 80 rules at every step would triple the run time).
 */
export function renderUnitTests(
  scenarios: readonly Scenario[],
  ruleFile: (group: string) => string,
  config: MonitoringConfig = defaultMonitoringConfig,
): Record<string, string> {
  const byKey = new Map(scenarios.map((s) => [ruleKey(s), s]));
  if (byKey.size !== scenarios.length) throw new Error('two scenarios for the same rule');
  const files: Record<string, string> = {};
  for (const group of ruleGroups(config)) {
    const tests = group.rules.flatMap((rule) => {
      const scenario = byKey.get(ruleKey(rule));
      if (!scenario) throw new Error(`no unit-test scenario for ${ruleKey(rule)}`);
      byKey.delete(ruleKey(rule));
      return testsFor(config, rule, scenario, group.rules);
    });
    const doc = { rule_files: [ruleFile(group.name)], evaluation_interval: '1m', tests };
    files[`${group.name}.test.yaml`] = YAML.stringify(doc, { lineWidth: 0, singleQuote: true });
  }
  if (byKey.size > 0) throw new Error(`scenarios for rules that do not exist: ${[...byKey.keys()].join(', ')}`);
  return files;
}
