// The policy pack `pulumi preview --policy-pack policy` loads (its directory's index). Kept apart from the policies:
// constructing a PolicyPack starts the policy gRPC server, which would keep a test process alive.
import { PolicyPack } from '@pulumi/policy';
import { allPolicies } from './policies';

new PolicyPack('brownie-platform', { policies: allPolicies() });
