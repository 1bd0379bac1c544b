// alertmanager.yml: one receiver per severity (critical pages, warning chats, info mails), the Watchdog on its own
// route to the dead man's switch, the operator's test alert to every channel, and critical alerts inhibiting
// warning/info alerts of the same name and namespace.
// Secrets are only ever file paths into the mounted Secret. Checked with the real `amtool check-config` in the tests.
import { TEST_ALERT } from '../../alerts/rules/api';
import { WATCHDOG } from '../../alerts/rules/meta';
import { ALERTMANAGER_SECRET_KEYS, type AlertingConfig } from '../config/alerting';
import { toYaml } from './serialize';

export const RECEIVERS = {
  default: 'default',
  critical: 'critical',
  warning: 'warning',
  info: 'info',
  watchdog: 'watchdog',
  test: 'test',
} as const;

/** Which severity's integrations a receiver gets; `test` gets every channel (that is what an operator checks). */
type Audience = 'critical' | 'warning' | 'info' | 'all';

const title =
  '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }}, {{ .CommonLabels.namespace }})';
const text =
  '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}';

type Integrations = Record<string, unknown[]>;

function integrations(c: AlertingConfig, audience: Audience): Integrations {
  const { pagerduty, slack, email, msteams } = c.receivers;
  const secret = (key: string) => `${c.secretsDir}/${key}`;
  const out: Integrations = {};
  const chat = audience === 'all' ? 'warning' : audience;
  if (pagerduty.enabled && (audience === 'critical' || audience === 'all')) {
    out.pagerduty_configs = [
      {
        routing_key_file: secret(ALERTMANAGER_SECRET_KEYS.pagerdutyRoutingKey),
        description: title,
        links: [{ href: '{{ .CommonAnnotations.runbook_url }}', text: 'Runbook' }],
        send_resolved: true,
      },
    ];
  }
  if (slack.enabled && chat !== 'info') {
    out.slack_configs = [
      {
        api_url_file: secret(ALERTMANAGER_SECRET_KEYS.slackApiUrl),
        channel: slack.channels[chat],
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
  if (msteams.enabled && chat !== 'info') {
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
          matchers: [`alertname="${WATCHDOG}"`],
          receiver: RECEIVERS.watchdog,
          group_wait: '0s',
          group_interval: c.watchdog?.repeatInterval ?? '5m',
          repeat_interval: c.watchdog?.repeatInterval ?? '5m',
        },
        // An operator is waiting for it: no grouping delay.
        { matchers: [`alertname="${TEST_ALERT}"`], receiver: RECEIVERS.test, group_wait: '0s' },
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
      { name: RECEIVERS.test, ...integrations(c, 'all') },
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
