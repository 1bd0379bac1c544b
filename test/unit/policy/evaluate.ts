// Runs policies the way the policy engine does, on resources given as type, name, URN and plain props.
import * as pulumi from '@pulumi/pulumi';
import type { ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import type { Policy } from '../../../policy/define';
import type { PolicyResourceLike } from '../../../policy/resources';
import type { StackRun } from '../pulumi/harness';

/** Every violation message of `policy` over `resources`. */
export async function violations(policy: Policy, resources: PolicyResourceLike[]): Promise<string[]> {
  const found: string[] = [];
  const report = (message: string) => found.push(`${policy.name}: ${message}`);
  if ('validateResource' in policy && policy.validateResource) {
    const validate = (policy as ResourceValidationPolicy).validateResource as (a: unknown, r: typeof report) => void;
    for (const r of resources) await validate(r, report);
  } else {
    const validate = (policy as StackValidationPolicy).validateStack as (a: unknown, r: typeof report) => void;
    await validate({ resources }, report);
  }
  return found;
}

/** Secret inputs arrive in mocks wrapped; the policy engine sees their plain values. */
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrap(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrap(v)]));
  }
  return value;
}

/** The resources a mocked program run registered, as the policy engine would see them. */
export function policyResources(run: StackRun): PolicyResourceLike[] {
  const urnOf = new Map(
    run.urns.map((urn) => {
      const [, , typeChain = '', name = ''] = urn.split('::');
      return [`${typeChain.split('$').pop()}::${name}`, urn] as const;
    }),
  );
  return run.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: urnOf.get(`${r.type}::${r.name}`) ?? '',
    props: unwrap(r.inputs) as Record<string, unknown>,
  }));
}
