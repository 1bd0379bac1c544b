// Every rule's unit-test scenario; renderUnitTests refuses a rule without one and a scenario without a rule.
import type { Scenario } from '../scenario';
import { apiScenarios } from './api';
import { backupScenarios } from './backups';
import { businessScenarios } from './business';
import { metaScenarios } from './meta';
import { patroniScenarios } from './patroni';
import { pgbouncerScenarios } from './pgbouncer';
import { postgresScenarios } from './postgres';
import { redisScenarios } from './redis';
import { targetScenarios } from './targets';

export const scenarios: readonly Scenario[] = [
  ...apiScenarios,
  ...businessScenarios,
  ...backupScenarios,
  ...postgresScenarios,
  ...patroniScenarios,
  ...pgbouncerScenarios,
  ...redisScenarios,
  ...targetScenarios,
  ...metaScenarios,
];
