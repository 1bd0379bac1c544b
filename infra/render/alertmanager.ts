// alertmanager.yml: one receiver per severity (critical pages, warning chats, info mails), the Watchdog on its own
// route to the dead man's switch, and critical alerts inhibiting warning/info alerts of the same name and namespace.
// Secrets are only ever file paths into the mounted Secret. Checked with the real `amtool check-config` in the tests.
import { ALERTMANAGER_SECRET_KEYS, type AlertingConfig } from '../config/alerting';
import { toYaml } from './serialize';

export const WATCHDOG_ALERT = 'Watchdog';
export const RECEIVERS = {
  default: 'default',
  critical: 'critical',
  warning: 'warning',
  info: 'info',
  watchdog: 'watchdog',
} as const;

const title =
  '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }}, {{ .CommonLabels.namespace }})';
const text =
  '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}';

type Integrations = Record<string, unknown[]>;

function integrations(c: AlertingConfig, severity: 'critical' | 'warning' | 'info'): Integrations {
  const { pagerduty, slack, email, msteams } = c.receivers;
  const secret = (key: string) => `${c.secretsDir}/${key}`;
  const out: Integrations = {};
  if (pagerduty.enabled && severity === 'critical') {
    out.pagerduty_configs = [
      {
        routing_key_file: secret(ALERTMANAGER_SECRET_KEYS.pagerdutyRoutingKey),
        description: title,
        links: [{ href: '{{ .CommonAnnotations.runbook_url }}', text: 'Runbook' }],
        send_resolved: true,
      },
    ];
  }
  if (slack.enabled && severity !== 'info') {
    out.slack_configs = [
      {
        api_url_file: secret(ALERTMANAGER_SECRET_KEYS.slackApiUrl),
        channel: slack.channels[severity],
        title,
        text,
        send_resolved: true,
      },
    ];
  }
  if (email.enabled) {
    out.email_configs = [
      {
        to: email.to.join(', '),
        from: email.from,
        smarthost: email.smarthost,
        auth_username: email.authUsername,
        auth_password_file: secret(ALERTMANAGER_SECRET_KEYS.smtpPassword),
        require_tls: email.requireTls,
        headers: { Subject: title },
        send_resolved: true,
      },
    ];
  }
  if (msteams.enabled && severity !== 'info') {
    out.webhook_configs = [{ url: msteams.bridgeUrl, send_resolved: true }];
  }
  return out;
}

export function alertmanagerConfig(c: AlertingConfig) {
  const severityRoute = (severity: 'critical' | 'warning' | 'info') => ({
    matchers: [`severity="${severity}"`],
    receiver: RECEIVERS[severity],
    repeat_interval: c.route.repeatInterval[severity],
    ...(severity === 'critical' ? { group_wait: '10s' } : {}),
  });
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: RECEIVERS.default,
      group_by: c.route.groupBy,
      group_wait: c.route.groupWait,
      group_interval: c.route.groupInterval,
      repeat_interval: c.route.repeatInterval.warning,
      routes: [
        {
          // Sent again every repeatInterval so the dead man's switch keeps hearing from us.
          matchers: [`alertname="${WATCHDOG_ALERT}"`],
          receiver: RECEIVERS.watchdog,
          group_wait: '0s',
          group_interval: c.watchdog?.repeatInterval ?? '5m',
          repeat_interval: c.watchdog?.repeatInterval ?? '5m',
        },
        severityRoute('critical'),
        severityRoute('warning'),
        severityRoute('info'),
      ],
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity=~"warning|info"'],
        equal: ['alertname', 'namespace'],
      },
    ],
    receivers: [
      // Alerts without a known severity still reach a human by email.
      { name: RECEIVERS.default, ...integrations(c, 'info') },
      { name: RECEIVERS.critical, ...integrations(c, 'critical') },
      { name: RECEIVERS.warning, ...integrations(c, 'warning') },
      { name: RECEIVERS.info, ...integrations(c, 'info') },
      {
        name: RECEIVERS.watchdog,
        ...(c.watchdog ? { webhook_configs: [{ url: c.watchdog.url, send_resolved: false }] } : {}),
      },
    ],
  };
}

/** alertmanager.yml as text, keys sorted so re-renders are byte-identical. */
export function renderAlertmanagerConfig(c: AlertingConfig): string {
  return toYaml(alertmanagerConfig(c));
}
