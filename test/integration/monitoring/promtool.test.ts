// The real promtool (Debian's prometheus package) on freshly rendered rule files and unit tests.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { defaultMonitoringConfig, SCRAPE_JOBS } from '../../../alerts';
import { renderPrometheusRule } from '../../../alerts/render';
import { renderedFiles } from '../../../alerts/write';

const run = promisify(execFile);
let dir: string;
let ruleFiles: string[];
let testFiles: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brownie-promtool-'));
  // Same layout as the repository: rendered/ beside tests/, which name the rule files relatively.
  const written = Object.entries(renderedFiles()).map(([path, text]) => {
    const target = join(dir, basename(dirname(path)), basename(path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    return target;
  });
  ruleFiles = written.filter((p) => p.endsWith('.rules.yaml'));
  testFiles = written.filter((p) => p.endsWith('.test.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('promtool', () => {
  it('when the rendered rule files are checked, then promtool accepts every rule', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', ...ruleFiles]);
    const found = [...stdout.matchAll(/SUCCESS: (\d+) rules found/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(found).toBeGreaterThanOrEqual(45);
  });

  it('when the operator-mode PrometheusRule spec is written out as a rule file, then promtool accepts it', async () => {
    const operator = {
      ...defaultMonitoringConfig,
      expectedJobs: Object.values(SCRAPE_JOBS).filter((j) => j !== 'prometheus' && j !== 'alertmanager'),
    };
    const object = renderPrometheusRule(
      { name: 'brownie', namespace: 'brownie', labels: { release: 'kps' } },
      operator,
    );
    const file = join(dir, 'operator.yaml');
    writeFileSync(file, YAML.stringify(object.spec));
    const { stdout } = await run('promtool', ['check', 'rules', file]);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('when the unit tests run, then every test file passes', async () => {
    const result = await run('promtool', ['test', 'rules', ...testFiles], { cwd: dir }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(result.stderr + result.stdout).not.toMatch(/FAILED/);
    expect(result.stdout.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  }, 60_000);

  it('when a rule is broken, then its unit test fails (the tests can fail)', async () => {
    const api = join(dir, 'rendered', 'brownie-api.rules.yaml');
    const original = renderedFiles();
    const text = Object.entries(original).find(([p]) => p.endsWith('brownie-api.rules.yaml'))![1];
    writeFileSync(api, text.replace('for: 1m', 'for: 2m'));
    const result = await run('promtool', ['test', 'rules', join(dir, 'tests', 'brownie-api.test.yaml')]).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    writeFileSync(api, text);
    // promtool prints failures on stderr.
    expect(result.stderr).toMatch(/FAILED[\s\S]*BrownieApiDown\/critical fires at the for: boundary/);
  }, 30_000);
});
