import { defaultAlertingConfig, parseAlertingConfig, type AlertingConfig } from '../../../infra/config/alerting';
import { alertmanagerConfig, renderAlertmanagerConfig, RECEIVERS } from '../../../infra/render/alertmanager';
import { everyReceiverOn } from '../../fixtures/monitoring/alerting';

const receiver = (c: AlertingConfig, name: string) => alertmanagerConfig(c).receivers.find((r) => r.name === name)!;

describe('alerting config', () => {
  it('when a receiver secret is given inline, then parsing refuses and names the field', () => {
    const input = structuredClone(defaultAlertingConfig) as unknown as {
      receivers: { slack: Record<string, unknown> };
    };
    input.receivers.slack.apiUrl = 'https://hooks.slack.com/services/T/B/secret';
    expect(() => parseAlertingConfig(input)).toThrow(/receivers\.slack: Unrecognized key: "apiUrl"/);
  });

  it('when the Teams URL is the Teams webhook itself rather than the in-cluster bridge, then parsing refuses', () => {
    const input = structuredClone(defaultAlertingConfig);
    input.receivers.msteams.bridgeUrl = 'https://example.webhook.office.com/webhookb2/secret';
    expect(() => parseAlertingConfig(input)).toThrow(/receivers\.msteams\.bridgeUrl: expected the in-cluster URL/);
  });

  it('when the defaults are parsed, then they are valid as they stand', () => {
    expect(parseAlertingConfig(defaultAlertingConfig)).toEqual(defaultAlertingConfig);
  });
});

describe('alertmanager.yml', () => {
  it('when every receiver is on, then critical pages, chats and mails, warning chats and mails, info only mails', () => {
    const c = everyReceiverOn();
    const kinds = (name: string) =>
      Object.keys(receiver(c, name))
        .filter((k) => k.endsWith('_configs'))
        .sort();
    expect(kinds(RECEIVERS.critical)).toEqual([
      'email_configs',
      'pagerduty_configs',
      'slack_configs',
      'webhook_configs',
    ]);
    expect(kinds(RECEIVERS.warning)).toEqual(['email_configs', 'slack_configs', 'webhook_configs']);
    expect(kinds(RECEIVERS.info)).toEqual(['email_configs']);
    expect(kinds(RECEIVERS.watchdog)).toEqual(['webhook_configs']);
    expect(kinds(RECEIVERS.test)).toEqual(['email_configs', 'pagerduty_configs', 'slack_configs', 'webhook_configs']);
  });

  it('when rendered, then secrets appear only as file paths under the mounted Secret', () => {
    const text = renderAlertmanagerConfig(everyReceiverOn());
    expect(text).toContain('routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key');
    expect(text).toContain('api_url_file: /etc/alertmanager/secrets/slack-api-url');
    expect(text).toContain('auth_password_file: /etc/alertmanager/secrets/smtp-password');
    expect(text).not.toMatch(/^\s*(routing_key|service_key|api_url|auth_password|smtp_auth_password):/m);
  });

  it('when a critical alert fires, then warning and info alerts of the same name and namespace are inhibited', () => {
    expect(alertmanagerConfig(defaultAlertingConfig).inhibit_rules).toEqual([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity=~"warning|info"'],
        equal: ['alertname', 'namespace'],
      },
    ]);
  });

  it('when receivers are off, then their integrations are absent, not empty', () => {
    expect(receiver(defaultAlertingConfig, RECEIVERS.critical)).toEqual({ name: RECEIVERS.critical });
  });

  it('when rendered twice, then the text is identical', () => {
    expect(renderAlertmanagerConfig(everyReceiverOn())).toBe(renderAlertmanagerConfig(everyReceiverOn()));
  });
});
