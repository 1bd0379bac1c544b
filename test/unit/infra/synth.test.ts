import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { platformConfig } from '../../../infra/config';
import { emptyMonitoringInputs, platformObjects } from '../../../infra/charts';
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
      const expected = platformObjects(platformConfig(stack), emptyMonitoringInputs).flatMap((u) => u.objects);
      expect(written).toEqual(expected);
    },
  );

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
