import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import YAML from 'yaml';
import { allRules } from '../../../alerts';
import { scenarios } from '../../../alerts/tests/scenarios';
import { expandTemplate, renderUnitTests } from '../../../alerts/unit-tests';
import { renderedFiles } from '../../../alerts/write';

interface Check {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string> }[];
}
interface TestFile {
  rule_files: string[];
  tests: { name: string; alert_rule_test: Check[] }[];
}

const files = renderedFiles();
const testFiles = Object.entries(files).filter(([path]) => path.endsWith('.test.yaml'));
const checks = testFiles.flatMap(([, text]) =>
  (YAML.parse(text) as TestFile).tests.flatMap((t) => t.alert_rule_test.map((c) => ({ test: t.name, ...c }))),
);

describe('promtool unit tests', () => {
  it('when the rules or scenarios change, then the committed rule and test files are re-rendered (npx tsx alerts/write.ts)', () => {
    const stale = Object.entries(files)
      .filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text)
      .map(([path]) => basename(path));
    expect(stale).toEqual([]);
  });

  it('when a rule exists, then a test expects it firing with its severity at the for: boundary', () => {
    for (const rule of allRules()) {
      const firing = checks.filter(
        (c) =>
          c.test === `${rule.alert}/${rule.severity} fires at the for: boundary` &&
          c.exp_alerts.some((a) => a.exp_labels.alertname === undefined && a.exp_labels.severity === rule.severity),
      );
      expect(firing.map((c) => c.alertname)).toEqual([rule.alert]);
    }
  });

  it('when a rule exists, then a test expects nothing just before the boundary and a quiet test expects it silent', () => {
    for (const rule of allRules().filter((r) => r.alert !== 'Watchdog')) {
      const key = `${rule.alert}/${rule.severity}`;
      const notYet = checks.filter((c) => c.test === `${key} fires at the for: boundary` && c.exp_alerts.length === 0);
      const quiet = checks.filter(
        (c) => c.test === `${key} stays quiet` && !c.exp_alerts.some((a) => a.exp_labels.severity === rule.severity),
      );
      expect([key, notYet.length, quiet.length]).toEqual([key, 1, 1]);
    }
  });

  it('when every alert name is listed, then each appears in the test files', () => {
    const tested = new Set(checks.map((c) => c.alertname));
    expect(allRules().filter((r) => !tested.has(r.alert))).toEqual([]);
  });

  it('when a rule has no scenario, then rendering the tests refuses', () => {
    expect(() => renderUnitTests(scenarios.slice(1), (g) => g)).toThrow(/no unit-test scenario for BrownieApiDown/);
  });

  it('when a description names a label the alert lacks, then the expansion refuses', () => {
    expect(expandTemplate('pod {{ $labels.pod }}', { pod: 'p-0' }, 'X')).toBe('pod p-0');
    expect(() => expandTemplate('pod {{ $labels.pod }}', {}, 'X')).toThrow(/\$labels.pod, which the alert lacks/);
    expect(() => expandTemplate('{{ $value }}', {}, 'X')).toThrow(/only use/);
  });
});
