import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, defaultMonitoringConfig, SCRAPE_JOBS, type MonitoringConfig } from '../../../alerts';
import { parseDuration } from '../../../alerts/duration';
import { renderedGroups, renderPrometheusRule, renderRuleFiles } from '../../../alerts/render';
import { runbookAnchor } from '../../../alerts/rule';

const rules = allRules();
const COMPONENTS = ['BrownieApi', 'Brownie', 'Backup', 'RestoreDrill', 'Postgres', 'Patroni', 'Pgbouncer', 'Redis'];
const META = ['Watchdog', 'Prometheus', 'Alertmanager'];

describe('alert rules', () => {
  it('when built with the defaults, then there are at least 45 rules, each name/severity pair once', () => {
    expect(rules.length).toBeGreaterThanOrEqual(45);
    const keys = rules.map((r) => `${r.alert}/${r.severity}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('when named, then every name is <Component><Symptom> in PascalCase', () => {
    for (const r of rules) {
      expect(r.alert).toMatch(/^[A-Z][a-zA-Z]+$/);
      expect([...COMPONENTS, ...META].some((c) => r.alert.startsWith(c))).toBe(true);
    }
  });

  it('when rendered, then every rule has severity, summary, description and a runbook_url on the pattern', () => {
    for (const group of renderedGroups()) {
      for (const r of group.rules) {
        expect(['critical', 'warning', 'info', 'none']).toContain(r.labels.severity);
        expect(r.annotations.summary.length).toBeGreaterThan(10);
        expect(r.annotations.description.length).toBeGreaterThan(20);
        expect(r.annotations.runbook_url).toBe(
          defaultMonitoringConfig.runbookUrlPattern.replace('{anchor}', r.alert.toLowerCase()),
        );
      }
    }
  });

  it('when a symptom has a warning and a critical variant, then the critical one waits less and has its own threshold', () => {
    const names = [...new Set(rules.map((r) => r.alert))];
    const pairs = names.map((n) => rules.filter((r) => r.alert === n)).filter((g) => g.length > 1);
    expect(pairs.length).toBeGreaterThanOrEqual(5);
    for (const pair of pairs) {
      const warning = pair.find((r) => r.severity === 'warning')!;
      const critical = pair.find((r) => r.severity === 'critical')!;
      expect(parseDuration(critical.for)).toBeLessThan(parseDuration(warning.for));
      expect(critical.expr).not.toBe(warning.expr);
    }
  });

  it('when a rule reads a scraped metric, then its selector pins the job and the namespace', () => {
    for (const r of rules.filter((r) => r.expr !== 'vector(1)')) {
      expect(r.expr).toContain(`namespace="${defaultMonitoringConfig.namespace}"`);
      expect(Object.values(SCRAPE_JOBS).some((job) => r.expr.includes(`job="${job}"`))).toBe(true);
    }
  });

  it('when the API process is measured, then the rule selects the brownie-api job, not any process', () => {
    const process = rules.filter((r) => /process_(cpu|resident)/.test(r.expr));
    expect(process.map((r) => r.alert)).toEqual(['BrownieApiCpuHigh', 'BrownieApiMemoryHigh']);
    for (const r of process) expect(r.expr).toMatch(/brownie_process_\w+\{job="brownie-api"/);
  });

  it('when every scrape job is expected, then each has a TargetDown and an absent() TargetMissing rule', () => {
    for (const job of Object.values(SCRAPE_JOBS)) {
      const missing = rules.filter((r) => r.expr === `absent(up{job="${job}",namespace="brownie"})`);
      expect(missing).toHaveLength(1);
      expect(rules.some((r) => r.expr === `up{job="${job}",namespace="brownie"} == 0`)).toBe(true);
    }
  });

  it('when the operator mode leaves Prometheus and Alertmanager to the existing stack, then no rule watches their jobs', () => {
    const operator: MonitoringConfig = {
      ...defaultMonitoringConfig,
      expectedJobs: Object.values(SCRAPE_JOBS).filter((j) => j !== 'prometheus' && j !== 'alertmanager'),
    };
    const exprs = allRules(operator).map((r) => r.expr);
    expect(exprs.some((e) => e.includes('job="prometheus"') || e.includes('job="alertmanager"'))).toBe(false);
    expect(allRules(operator).some((r) => r.alert === 'Watchdog')).toBe(true);
  });

  it('when Patroni runs without synchronous mode, then the sync-standby alert is left out', () => {
    const asyncConfig = {
      ...defaultMonitoringConfig,
      postgres: { ...defaultMonitoringConfig.postgres, synchronousMode: false },
    };
    expect(rules.some((r) => r.alert === 'PatroniSyncStandbyMissing')).toBe(true);
    expect(allRules(asyncConfig).some((r) => r.alert === 'PatroniSyncStandbyMissing')).toBe(false);
  });

  it('when a threshold changes in the config, then the rendered expression follows it', () => {
    const tuned = { ...defaultMonitoringConfig, redis: { memoryRatio: 0.75 } };
    const redisMemory = allRules(tuned).find((r) => r.alert === 'RedisMemoryHigh')!;
    expect(redisMemory.expr).toMatch(/> 0\.75$/);
  });
});

describe('runbooks', () => {
  const runbooks = readFileSync(join(__dirname, '../../../docs/runbooks.md'), 'utf8');
  const sections = new Map(
    runbooks
      .split(/^### /m)
      .slice(1)
      .map((s) => [runbookAnchor(s.slice(0, s.indexOf('\n')).trim()), s]),
  );

  it('when an alert links its runbook, then docs/runbooks.md has that anchor', () => {
    const missing = [...new Set(rules.map((r) => runbookAnchor(r.alert)))].filter((a) => !sections.has(a));
    expect(missing).toEqual([]);
  });

  it('when a runbook section exists, then it belongs to an alert and says what to check and do', () => {
    const anchors = new Set(rules.map((r) => runbookAnchor(r.alert)));
    for (const [anchor, text] of sections) {
      expect(anchors.has(anchor)).toBe(true);
      expect(text).toMatch(/\*\*[Cc]heck\*\*/);
      expect(text).toMatch(/\*\*[Dd]o\*\*/);
    }
  });
});

describe('rendering', () => {
  it('when rendered twice, then the rule files are byte-identical, one per group', () => {
    const files = renderRuleFiles();
    expect(renderRuleFiles()).toEqual(files);
    expect(Object.keys(files)).toContain('postgres.rules.yaml');
    expect(Object.keys(files)).toHaveLength(renderedGroups().length);
  });

  it('when rendered for the operator, then the PrometheusRule carries the release label and every group', () => {
    const object = renderPrometheusRule({ name: 'brownie', namespace: 'brownie', labels: { release: 'kps' } });
    expect(object.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(object.kind).toBe('PrometheusRule');
    expect(object.metadata.labels).toEqual({ release: 'kps' });
    expect(object.spec.groups.flatMap((g) => g.rules)).toHaveLength(rules.length);
  });
});
