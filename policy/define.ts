// Two shapes every policy here takes: a check of one resource, or a check of the whole stack. Both read only the
// type, name, URN and props, so tests can feed them the resources the real program registered under mocks.
import type { ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import type { PolicyResourceLike } from './resources';

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

/** A policy on single resources: `check` returns the violations of one resource. */
export function resourcePolicy(
  name: string,
  description: string,
  check: (r: PolicyResourceLike) => string[],
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: 'mandatory',
    validateResource: (args, report: ReportViolation) => {
      for (const message of check(args)) report(message, args.urn);
    },
  };
}

/** A policy on the whole stack: `check` returns the violations, each with the URN it is about (if any). */
export function stackPolicy(
  name: string,
  description: string,
  check: (resources: PolicyResourceLike[]) => { message: string; urn?: string }[],
): StackValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: 'mandatory',
    validateStack: (args, report: ReportViolation) => {
      for (const { message, urn } of check(args.resources)) report(message, urn);
    },
  };
}
