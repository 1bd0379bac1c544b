// Every policy of the pack, for the pack itself (index.ts) and for tests, which must not construct a PolicyPack.
import { cloudPolicies } from './cloud';
import { kubernetesPolicies } from './kubernetes';

export const allPolicies = () => [...cloudPolicies(), ...kubernetesPolicies()];
export * from './cloud';
export * from './kubernetes';
export type { PolicyResourceLike } from './resources';
