// Where alerts go: receivers and routing for the Alertmanager config (infra/render/alertmanager.ts). No field holds a
// secret: PagerDuty keys, the Slack webhook and the SMTP password are read by Alertmanager from files of the mounted
// Secret (ALERTMANAGER_SECRET_KEYS); the schema is strict, so an inline `apiUrl` or `password` is refused by name.
import { z } from 'zod';
import { defaultMonitoringConfig, type MonitoringConfig } from '../../alerts/config';
import { cronPeriodSeconds } from '../../alerts/cron';
import { SCRAPE_JOBS } from '../../alerts/jobs';
import { memoryBytes } from './quantity';
import type { PlatformConfig } from './schema';

/** Keys of the Alertmanager Secret; the chart mounts it at `secretsDir`, one file per key. */
export const ALERTMANAGER_SECRET_KEYS = {
  pagerdutyRoutingKey: 'pagerduty-routing-key',
  slackApiUrl: 'slack-api-url',
  smtpPassword: 'smtp-password',
} as const;

const duration = z.string().regex(/^(\d+[smhd])+$/, { error: 'expected a duration such as 30s, 5m or 4h' });
const hostPort = z.string().regex(/^[a-z0-9.-]+:\d{1,5}$/, { error: 'expected host:port' });
const channel = z.string().regex(/^#[a-z0-9_-]+$/, { error: 'expected a Slack channel such as #alerts' });

const repeatSchema = z.strictObject({ critical: duration, warning: duration, info: duration });

export const alertingConfigSchema = z.strictObject({
  /** Directory the Alertmanager Secret is mounted at. */
  secretsDir: z.string().regex(/^\/[\w./-]+$/, { error: 'expected an absolute path' }),
  route: z.strictObject({
    groupBy: z.array(z.string().min(1)).min(1),
    groupWait: duration,
    groupInterval: duration,
    /** How often an unresolved alert is sent again, per severity. */
    repeatInterval: repeatSchema,
  }),
  receivers: z.strictObject({
    /** Pages for critical alerts; routing key from the Secret. */
    pagerduty: z.strictObject({ enabled: z.boolean() }),
    /** Critical and warning alerts; webhook URL from the Secret. */
    slack: z.strictObject({ enabled: z.boolean(), channels: z.strictObject({ critical: channel, warning: channel }) }),
    /** Every severity; SMTP password from the Secret. */
    email: z.strictObject({
      enabled: z.boolean(),
      to: z.array(z.email()).min(1),
      from: z.email(),
      smarthost: hostPort,
      authUsername: z.string().min(1),
      requireTls: z.boolean(),
    }),
    /**
     * Critical and warning alerts to Microsoft Teams through a prometheus-msteams bridge in the cluster: Alertmanager
     * 0.25 has no msteams_configs (0.26+) and no url_file for webhooks, so the Teams webhook URL stays in the bridge's
     * own Secret and Alertmanager only knows the bridge's in-cluster address.
     */
    msteams: z.strictObject({
      enabled: z.boolean(),
      bridgeUrl: z.url().regex(/^http:\/\/[a-z0-9.-]+\.svc(\.cluster\.local)?(:\d+)?\//, {
        error: 'expected the in-cluster URL of the prometheus-msteams bridge (http://<service>.<namespace>.svc…/…)',
      }),
    }),
  }),
  /**
   * The dead man's switch the always-firing Watchdog is sent to every `repeatInterval`; it alarms when the pings stop.
   * An in-cluster relay URL for the same reason as Teams (no url_file in 0.25); unset: the Watchdog goes nowhere.
   */
  watchdog: z.strictObject({ url: z.url(), repeatInterval: duration }).optional(),
});

export type AlertingConfigInput = z.input<typeof alertingConfigSchema>;
export type AlertingConfig = z.infer<typeof alertingConfigSchema>;

/** Defaults: every receiver off (a fresh platform still sends nothing anywhere until its owner turns them on). */
export const defaultAlertingConfig: AlertingConfig = {
  secretsDir: '/etc/alertmanager/secrets',
  route: {
    groupBy: ['alertname', 'namespace'],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: { critical: '1h', warning: '4h', info: '24h' },
  },
  receivers: {
    pagerduty: { enabled: false },
    slack: { enabled: false, channels: { critical: '#brownie-alerts-critical', warning: '#brownie-alerts' } },
    email: {
      enabled: false,
      to: ['oncall@example.com'],
      from: 'alertmanager@example.com',
      smarthost: 'smtp.example.com:587',
      authUsername: 'alertmanager',
      requireTls: true,
    },
    msteams: { enabled: false, bridgeUrl: 'http://prometheus-msteams.monitoring.svc:2000/brownie' },
  },
};

/** Parses and validates alerting settings, naming each bad field (`receivers.slack.apiUrl: …`). */
export function parseAlertingConfig(input: unknown): AlertingConfig {
  const result = alertingConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
}

/**
 * The alert rules' config for a platform: its namespace, Patroni mode, data volume size and backup schedules. In
 * operator mode the existing stack's Prometheus and Alertmanager are scraped under their own job names, so the
 * rules on those two jobs are left out.
 */
export function monitoringConfigFor(c: PlatformConfig): MonitoringConfig {
  const d = defaultMonitoringConfig;
  const own = c.monitoring.mode === 'bundled';
  return {
    ...d,
    namespace: c.namespace,
    expectedJobs: Object.values(SCRAPE_JOBS).filter(
      (job) => own || (job !== SCRAPE_JOBS.prometheus && job !== SCRAPE_JOBS.alertmanager),
    ),
    postgres: {
      ...d.postgres,
      synchronousMode: c.postgres.synchronousMode,
      dataVolumeBytes: memoryBytes(c.postgres.storage.size),
    },
    backup: {
      ...d.backup,
      intervalSeconds: cronPeriodSeconds(c.backup.schedule),
      drillIntervalSeconds: cronPeriodSeconds(c.backup.drillSchedule),
    },
  };
}
