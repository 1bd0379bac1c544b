// The alert path end to end with the real engines: the real API, asked by the operator (GET /test-alert), raises the
// test signal on its /metrics; Prometheus (config generated here, our rendered rule files, 1 s intervals) fires
// BrownieApiTestAlert and the Watchdog, and the rendered Alertmanager config delivers them to a webhook standing in
// for the Teams bridge and the dead man's switch.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultMonitoringConfig } from '../../../alerts/config';
import { SCRAPE_JOBS } from '../../../alerts/jobs';
import { renderRuleFiles } from '../../../alerts/render';
import { TEST_ALERT } from '../../../alerts/rules/api';
import { WATCHDOG } from '../../../alerts/rules/meta';
import request from 'supertest';
import { defaultAlertingConfig, type AlertingConfig } from '../../../infra/config/alerting';
import { renderAlertmanagerConfig } from '../../../infra/render/alertmanager';
import { buildTestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/processes';
import { startAlertmanager, startPrometheus, type Engine } from './engines';

interface Notification {
  path: string;
  body: {
    receiver: string;
    status: string;
    alerts: { labels: Record<string, string>; annotations: Record<string, string> }[];
  };
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const readBody = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
};

const OPERATOR_TOKEN = 'operator-token-with-at-least-32-characters';

describe('alert path', () => {
  const received: Notification[] = [];
  let database: TestDatabase;
  let service: Awaited<ReturnType<typeof buildTestApp>>;
  let api: Server;
  const webhook = createServer(async (req, res) => {
    received.push({ path: req.url ?? '', body: JSON.parse(await readBody(req)) as Notification['body'] });
    res.end();
  });
  let am: Engine;
  let prometheus: Engine;

  beforeAll(async () => {
    database = await createTestDatabase();
    service = await buildTestApp(database.appUrl, { operator: { token: OPERATOR_TOKEN } });
    api = createServer(service.app);
    const [apiPort, hookPort] = await Promise.all([listen(api), listen(webhook)]);
    // The schema wants in-cluster URLs; the webhook here stands in for the Teams bridge and the dead man's switch.
    const alerting: AlertingConfig = {
      ...defaultAlertingConfig,
      receivers: {
        ...defaultAlertingConfig.receivers,
        msteams: { enabled: true, bridgeUrl: `http://127.0.0.1:${hookPort}/teams` },
      },
      watchdog: { url: `http://127.0.0.1:${hookPort}/watchdog`, repeatInterval: '1m' },
    };
    am = await startAlertmanager(renderAlertmanagerConfig(alerting));
    const { namespace } = defaultMonitoringConfig;
    prometheus = await startPrometheus(
      (dir) =>
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: ['${dir}/*.rules.yaml']`,
          `alerting: { alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:${am.port}'] }] }] }`,
          'scrape_configs:',
          `  - job_name: ${SCRAPE_JOBS.api}`,
          `    static_configs: [{ targets: ['127.0.0.1:${apiPort}'], labels: { namespace: ${namespace}, pod: brownie-api-0 } }]`,
          '',
        ].join('\n'),
      renderRuleFiles(),
      // Alerts that fire before the Alertmanager is discovered (about 5 s) are otherwise resent only after 1 minute.
      ['--rules.alert.resend-delay=1s'],
    );
    const metrics = await request(service.app).get('/metrics');
    expect(metrics.text).toMatch(/brownie_test_alert_active 0/);
    const triggered = await request(service.app)
      .get('/test-alert?minutes=5')
      .set('authorization', `Bearer ${OPERATOR_TOKEN}`);
    expect(triggered.status).toBe(200);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([prometheus?.stop(), am?.stop()]);
    api?.close();
    webhook.close();
    await service?.close();
    await database?.drop();
  });

  const delivered = (path: string, alertname: string) =>
    received.find((n) => n.path === path && n.body.alerts.some((a) => a.labels.alertname === alertname));

  it('when the API exposes the test signal, then the test alert reaches the Teams webhook with its runbook', async () => {
    await waitFor(async () => delivered('/teams', TEST_ALERT) !== undefined, 30_000, 'the test alert at the webhook');
    const notification = delivered('/teams', TEST_ALERT)!;
    expect(notification.body.receiver).toBe('test');
    expect(notification.body.status).toBe('firing');
    const alert = notification.body.alerts.find((a) => a.labels.alertname === TEST_ALERT)!;
    expect(alert.labels).toMatchObject({ severity: 'info', namespace: 'brownie', pod: 'brownie-api-0' });
    expect(alert.annotations.runbook_url).toMatch(/docs\/runbooks\.md#brownieapitestalert$/);
    expect(alert.annotations.description).toContain('brownie-api-0');
  }, 40_000);

  it('when the pipeline runs, then the Watchdog reaches the dead man’s switch on its own route', async () => {
    await waitFor(async () => delivered('/watchdog', WATCHDOG) !== undefined, 30_000, 'the Watchdog at the webhook');
    expect(delivered('/watchdog', WATCHDOG)!.body.receiver).toBe('watchdog');
    expect(
      received
        .filter((n) => n.path === '/teams')
        .every((n) => n.body.alerts.every((a) => a.labels.alertname !== WATCHDOG)),
    ).toBe(true);
  }, 40_000);
});
