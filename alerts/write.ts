// Writes the rendered rule file and the promtool unit tests into the repository, so `promtool check rules` and
// `promtool test rules` run on them without Node: `npx tsx alerts/write.ts`. A Jest test fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleFiles, ruleFileName } from './render';
import { scenarios } from './tests/scenarios';
import { renderUnitTests } from './unit-tests';

export const RENDERED_DIR = join(__dirname, 'rendered');
export const TESTS_DIR = join(__dirname, 'tests');
/** Every generated file, keyed by absolute path. */
export function renderedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(renderRuleFiles())) files[join(RENDERED_DIR, name)] = text;
  const fromTests = (group: string) => `../rendered/${ruleFileName(group)}`;
  for (const [name, text] of Object.entries(renderUnitTests(scenarios, fromTests))) files[join(TESTS_DIR, name)] = text;
  return files;
}

if (require.main === module) {
  mkdirSync(RENDERED_DIR, { recursive: true });
  for (const [path, text] of Object.entries(renderedFiles())) writeFileSync(path, text);
}
