// `npm run synth -- --stack dev|prod [--out dir]`: writes dist/manifests/<stack>/ from the stack's preset.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { manifestFiles, type MonitoringInputs } from './charts';
import { platformConfig, presets, type StackName } from './config';
import { monitoringAssets } from './monitoring-assets';

export interface SynthOptions {
  stack: StackName;
  outDir?: string;
  inputs?: MonitoringInputs;
}

/** Replaces the stack's folder (so units that disappear leave no stale file) and returns the paths written. */
export function synth({ stack, outDir = join('dist', 'manifests'), inputs }: SynthOptions) {
  const dir = join(outDir, stack);
  const config = platformConfig(stack);
  const files = manifestFiles(config, inputs ?? monitoringAssets(config));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  });
}

const isStack = (value: unknown): value is StackName => typeof value === 'string' && value in presets;

if (require.main === module) {
  const { values } = parseArgs({ options: { stack: { type: 'string' }, out: { type: 'string' } } });
  if (!isStack(values.stack)) {
    console.error(`--stack: expected one of ${Object.keys(presets).join(', ')} (got ${values.stack ?? 'nothing'})`);
    process.exit(2);
  }
  for (const path of synth({ stack: values.stack, outDir: values.out })) console.log(path);
}
