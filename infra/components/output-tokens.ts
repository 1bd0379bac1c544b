// Charts are pure functions of a plain config, but some values (a key ARN, an identity's client id) exist only once
// the cloud resources do. The config carries a token in their place; when the objects become Pulumi resources every
// string holding a token becomes an Output of the real value, so previews show the dependency.
import * as pulumi from '@pulumi/pulumi';

const TOKEN = /@@output:([\w./-]+)@@/g;

export const outputToken = (key: string): string => `@@output:${key}@@`;

const tokenKeys = (s: string): string[] => [...s.matchAll(TOKEN)].map((m) => m[1] as string);

/** `value` with every token replaced by its Output; throws naming a token that has no Output. */
export function resolveOutputTokens(value: unknown, outputs: Record<string, pulumi.Input<string>>): unknown {
  if (typeof value === 'string') {
    const keys = tokenKeys(value);
    if (keys.length === 0) return value;
    const missing = keys.find((k) => !(k in outputs));
    if (missing) throw new Error(`output token "${missing}" has no value`);
    return pulumi
      .all(keys.map((k) => outputs[k] as pulumi.Input<string>))
      .apply((resolved) => keys.reduce((s, k, i) => s.replace(outputToken(k), resolved[i] as string), value));
  }
  if (Array.isArray(value)) return value.map((v) => resolveOutputTokens(v, outputs));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveOutputTokens(v, outputs)]));
  }
  return value;
}

/** Whether any string in `value` still holds a token (a test of the binding, and of the charts' purity). */
export function hasOutputToken(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('@@output:');
}
