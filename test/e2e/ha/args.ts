// Command-line options shared by `npm run ha:local` and the HA benchmarks.
import type { DeepPartial, PlatformConfigInput, StackName } from '../../../infra/config';
import { HA_TIMINGS } from './scenarios';

export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export const stackOption = (): StackName => (option('stack', 'prod') === 'dev' ? 'dev' : 'prod');

/**
 * Patroni timings: `--timings preset` keeps the stack preset's, `--timings local` (the default) the local HA
 * timings, and `--ttl/--loop-wait/--retry-timeout` set each one.
 */
export function timingOverrides(defaults: 'preset' | 'local' = 'local'): DeepPartial<PlatformConfigInput> {
  const base = option('timings', defaults) === 'preset' ? {} : { ...HA_TIMINGS };
  const number = (name: string) => (process.argv.includes(`--${name}`) ? Number(option(name, '')) : undefined);
  const explicit = { ttl: number('ttl'), loopWait: number('loop-wait'), retryTimeout: number('retry-timeout') };
  return { postgres: { ...base, ...Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined)) } };
}
