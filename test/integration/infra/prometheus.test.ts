// promtool (Debian's Prometheus 2.42) checks the rendered prometheus.yml, including the rule files its glob finds.
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCRAPE_JOBS } from '../../../alerts/jobs';
import { platformConfig } from '../../../infra/config';
import { renderPrometheusConfig } from '../../../infra/render';
import { validPlatformConfig } from '../../fixtures/infra/arbitrary-config';
import { run, tempDir } from './engines';

const ALERT_RULES_DIR = join(__dirname, '../../../alerts/rendered');

const files = tempDir('promtool');
const RULE = `groups:
  - name: example
    rules:
      - alert: ExampleDown
        expr: up == 0
        for: 5m
`;

afterAll(() => files.remove());

function check(yaml: string) {
  return run('promtool', ['check', 'config', files.write('prometheus.yml', yaml)]);
}

describe('prometheus.yml', () => {
  beforeAll(() => {
    files.write('example.yaml', RULE);
  });

  it.each(['dev', 'prod'] as const)(
    'when the %s config is rendered, then promtool accepts it and its rules',
    (stack) => {
      const result = check(renderPrometheusConfig(platformConfig(stack), { rulesDir: files.dir }));
      expect(result.output).toContain('SUCCESS: 1 rule files found');
      expect(result.code).toBe(0);
    },
  );

  it('when a rule file in the mounted folder is broken, then promtool fails (the check can fail)', () => {
    const broken = tempDir('promtool-broken');
    try {
      broken.write('bad.yaml', RULE.replace('up == 0', 'up ==='));
      expect(check(renderPrometheusConfig(platformConfig('dev'), { rulesDir: broken.dir })).code).not.toBe(0);
    } finally {
      broken.remove();
    }
  });

  it("when the project's rendered alert rules are mounted, then promtool loads every rule file", () => {
    const result = check(renderPrometheusConfig(platformConfig('prod'), { rulesDir: ALERT_RULES_DIR }));
    expect(result.code).toBe(0);
    expect(result.output).toContain(`SUCCESS: ${readdirSync(ALERT_RULES_DIR).length} rule files found`);
  });

  it('when rendered for docker compose (static targets), then promtool accepts it', () => {
    const discovery = {
      kind: 'static' as const,
      targets: { [SCRAPE_JOBS.api]: ['api:8000'] },
      alertmanager: 'alertmanager:9093',
    };
    const result = check(renderPrometheusConfig(platformConfig('dev'), { rulesDir: files.dir, discovery }));
    expect(result.code).toBe(0);
  });

  it('when any valid config is rendered, then promtool accepts it', () => {
    fc.assert(
      fc.property(validPlatformConfig, (c) => {
        expect(check(renderPrometheusConfig(c, { rulesDir: files.dir })).code).toBe(0);
      }),
      { numRuns: 6 },
    );
  });
});
