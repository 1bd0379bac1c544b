import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { platformConfig } from '../../../infra/config';
import { platformObjects } from '../../../infra/charts';
import { monitoringAssets } from '../../../infra/monitoring-assets';
import { synth } from '../../../infra/synth';

const out = mkdtempSync(join(tmpdir(), 'synth-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run synth', () => {
  it.each(['dev', 'prod'] as const)(
    'when the %s stack is synthesized, then every object lands in a unit file that kustomization.yaml lists',
    (stack) => {
      synth({ stack, outDir: out });
      const dir = join(out, stack);
      const kustomization = YAML.parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
      expect([...kustomization.resources].sort()).toEqual(
        readdirSync(dir)
          .filter((f) => f !== 'kustomization.yaml')
          .sort(),
      );
      const written = kustomization.resources.flatMap((f: string) =>
        YAML.parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()),
      );
      // Synth ships the real alert rules, dashboards and Alertmanager config.
      const config = platformConfig(stack);
      const expected = platformObjects(config, monitoringAssets(config)).flatMap((u) => u.objects);
      expect(written).toEqual(expected);
    },
  );

  it('the bundled monitoring carries the rendered alert rules, the dashboards and the Alertmanager config', () => {
    synth({ stack: 'dev', outDir: out });
    const objects = readdirSync(join(out, 'dev'))
      .filter((f) => f !== 'kustomization.yaml')
      .flatMap((f) => YAML.parseAllDocuments(readFileSync(join(out, 'dev', f), 'utf8')).map((d) => d.toJS()));
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap');
    const data = (suffix: string) => configMaps.find((o) => o.metadata.name.endsWith(suffix))?.data ?? {};
    expect(Object.values(data('-prometheus-rules')).join('')).toMatch(/alert: BrownieApiDown/);
    expect(Object.keys(data('-grafana-dashboards')).length).toBeGreaterThanOrEqual(4);
    expect(Object.values(data('-alertmanager-config')).join('')).toMatch(/route:/);
    expect(Object.values(data('-postgres-exporter-queries')).join('')).toMatch(/usage:/);
  });

  it('when synthesized twice, then the files are byte-identical and stale files are gone', () => {
    const dir = join(out, 'dev');
    synth({ stack: 'dev', outDir: out });
    const first = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stale.yaml'), 'kind: Stale\n');
    synth({ stack: 'dev', outDir: out });
    expect(readdirSync(dir)).not.toContain('stale.yaml');
    expect(readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(first);
  });
});
