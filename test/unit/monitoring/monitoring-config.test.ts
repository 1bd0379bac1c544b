import { allRules } from '../../../alerts';
import { cronPeriodSeconds } from '../../../alerts/cron';
import { monitoringConfigFor } from '../../../infra/config/alerting';
import { platformConfig } from '../../../infra/config/load';
import { memoryBytes } from '../../../infra/config/quantity';

const HOUR = 3600;

describe('cron period', () => {
  it.each([
    ['0 */6 * * *', 6 * HOUR],
    ['15 * * * *', HOUR],
    ['0 2 * * *', 24 * HOUR],
    ['0 3 * * 0', 7 * 24 * HOUR],
    ['0 9-17 * * 1-5', 64 * HOUR], // Friday 17:00 to Monday 09:00
    ['0 2 1 * *', 31 * 24 * HOUR],
  ])('when the schedule is "%s", then the longest gap between runs is %i s', (schedule, seconds) => {
    expect(cronPeriodSeconds(schedule)).toBe(seconds);
  });

  it('when a field cannot be read, then the error names it', () => {
    expect(() => cronPeriodSeconds('0 2 * JAN *')).toThrow(/cron month: cannot read "JAN"/);
    expect(() => cronPeriodSeconds('0 25 * * *')).toThrow(/cron hour: "25" is outside 0-23/);
    expect(() => cronPeriodSeconds('0 2 * *')).toThrow(/five fields/);
  });
});

describe('monitoring config from the platform config', () => {
  it('when the prod stack is used, then namespace, volume, sync mode and backup schedules follow it', () => {
    const platform = platformConfig('prod');
    const config = monitoringConfigFor(platform);
    expect(config.namespace).toBe(platform.namespace);
    expect(config.postgres.synchronousMode).toBe(platform.postgres.synchronousMode);
    expect(config.postgres.dataVolumeBytes).toBe(memoryBytes(platform.postgres.storage.size));
    expect(config.backup.intervalSeconds).toBe(cronPeriodSeconds(platform.backup.schedule));
    const stale = allRules(config).find((r) => r.alert === 'BackupStale')!;
    expect(stale.expr).toMatch(new RegExp(`> ${config.backup.intervalSeconds + config.backup.graceSeconds}$`));
  });

  it('when monitoring runs in operator mode, then no rule watches the stack’s own Prometheus and Alertmanager jobs', () => {
    const bundled = monitoringConfigFor(platformConfig('dev', { monitoring: { mode: 'bundled' } }));
    const operator = monitoringConfigFor(platformConfig('dev', { monitoring: { mode: 'operator' } }));
    expect(bundled.expectedJobs).toContain('prometheus');
    expect(operator.expectedJobs).not.toContain('prometheus');
    expect(operator.expectedJobs).not.toContain('alertmanager');
    expect(allRules(operator).some((r) => /job="(prometheus|alertmanager)"/.test(r.expr))).toBe(false);
  });
});
