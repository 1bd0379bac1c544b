// The real program, on every cloud and stack, passes every policy of the pack.
import { allPolicies } from '../../../policy/policies';
import { runStack } from '../pulumi/harness';
import { policyResources, violations } from './evaluate';

const runs = (['aws', 'gcp', 'azure'] as const).flatMap((cloud) =>
  (['dev', 'prod'] as const).map((stack) => [stack, cloud] as const),
);

test('when the pack is listed, then it has at least 15 policies with unique names and descriptions', () => {
  const policies = allPolicies();
  expect(policies.length).toBeGreaterThanOrEqual(15);
  expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
  for (const p of policies) expect(p.description.length).toBeGreaterThan(10);
});

test.each(runs)('when the %s stack on %s is checked, then no policy reports a violation', async (stack, cloud) => {
  const resources = policyResources(await runStack(stack, cloud));
  expect(resources.every((r) => r.urn !== '')).toBe(true);
  const found = (await Promise.all(allPolicies().map((p) => violations(p, resources)))).flat();
  expect(found).toEqual([]);
});
