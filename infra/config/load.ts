// The one way to get a PlatformConfig: preset, overrides merged over it, then every rule checked at once.
import { platformConfigSchema, type PlatformConfig, type PlatformConfigInput } from './schema';
import { crossFieldViolations } from './rules';
import { presets, type StackName } from './presets';

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export class PlatformConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid platform config:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'PlatformConfigError';
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays and scalars in `override` replace. */
export function deepMerge<T>(base: T, override: DeepPartial<T> | undefined): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined) merged[key] = deepMerge(merged[key], value as never);
  }
  return merged as T;
}

/** Validates a whole config; throws a PlatformConfigError whose lines start with the field path. */
export function parsePlatformConfig(input: unknown): PlatformConfig {
  const parsed = platformConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new PlatformConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`),
    );
  }
  const violations = crossFieldViolations(parsed.data);
  if (violations.length > 0) {
    throw new PlatformConfigError(violations.map((v) => `${v.path.join('.')}: ${v.message}`));
  }
  return parsed.data;
}

/** The stack's preset with `overrides` merged over it, validated. */
export function platformConfig(stack: StackName, overrides?: DeepPartial<PlatformConfigInput>): PlatformConfig {
  return parsePlatformConfig(deepMerge(presets[stack], overrides));
}
