// Every alert rule of the platform, grouped as they are rendered: one Prometheus rule group per component.
import { defaultMonitoringConfig, type MonitoringConfig } from './config';
import type { AlertRule } from './rule';
import { apiRules } from './rules/api';
import { backupRules } from './rules/backups';
import { businessRules } from './rules/business';
import { metaRules } from './rules/meta';
import { patroniRules } from './rules/patroni';
import { pgbouncerRules } from './rules/pgbouncer';
import { postgresRules } from './rules/postgres';
import { redisRules } from './rules/redis';
import { targetRules } from './rules/targets';

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

export function ruleGroups(config: MonitoringConfig = defaultMonitoringConfig): RuleGroup[] {
  return [
    { name: 'brownie-api', rules: apiRules(config) },
    { name: 'brownie-business', rules: businessRules(config) },
    { name: 'brownie-backups', rules: backupRules(config) },
    { name: 'postgres', rules: postgresRules(config) },
    { name: 'patroni', rules: patroniRules(config) },
    { name: 'pgbouncer', rules: pgbouncerRules(config) },
    { name: 'redis', rules: redisRules(config) },
    { name: 'scrape-targets', rules: targetRules(config) },
    { name: 'monitoring', rules: metaRules(config) },
  ];
}

export const allRules = (config?: MonitoringConfig): AlertRule[] => ruleGroups(config).flatMap((g) => g.rules);

export { defaultMonitoringConfig, type MonitoringConfig } from './config';
export { SCRAPE_JOBS, type ScrapeJob } from './jobs';
export type { AlertRule, Severity } from './rule';
