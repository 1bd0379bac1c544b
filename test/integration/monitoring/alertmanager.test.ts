// The rendered alertmanager.yml against Debian's amtool and Alertmanager 0.25.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultAlertingConfig } from '../../../infra/config/alerting';
import { renderAlertmanagerConfig, RECEIVERS } from '../../../infra/render/alertmanager';
import { startAlertmanager, type Engine } from './engines';
import { everyReceiverOn } from '../../fixtures/monitoring/alerting';

const run = promisify(execFile);

let dir: string;
let full: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brownie-amtool-'));
  full = join(dir, 'all.yml');
  writeFileSync(full, renderAlertmanagerConfig(everyReceiverOn()));
  writeFileSync(join(dir, 'defaults.yml'), renderAlertmanagerConfig(defaultAlertingConfig));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const routeOf = async (...labels: string[]) =>
  (
    await run('amtool', ['config', 'routes', 'test', `--config.file=${full}`, 'namespace=brownie', ...labels])
  ).stdout.trim();

describe('amtool', () => {
  it('when the config is rendered with every receiver on, and with the defaults, then amtool check-config passes', async () => {
    const { stdout } = await run('amtool', ['check-config', full, join(dir, 'defaults.yml')]);
    expect(stdout.match(/SUCCESS/g)).toHaveLength(2);
    expect(stdout).toContain('6 receivers');
  });

  it.each([
    ['severity=critical', RECEIVERS.critical],
    ['severity=warning', RECEIVERS.warning],
    ['severity=info', RECEIVERS.info],
    ['severity=unknown', RECEIVERS.default],
  ])('when an alert has %s, then it is routed to the %s receiver', async (label, receiver) => {
    expect(await routeOf('alertname=PostgresDown', label)).toBe(receiver);
  });

  it('when the Watchdog fires, then it goes to its own route, not to a severity receiver', async () => {
    expect(await routeOf('alertname=Watchdog', 'severity=none')).toBe(RECEIVERS.watchdog);
    expect(await routeOf('alertname=Watchdog', 'severity=critical')).toBe(RECEIVERS.watchdog);
  });

  it('when an operator raises the test alert, then it goes to the receiver with every channel', async () => {
    expect(await routeOf('alertname=BrownieApiTestAlert', 'severity=info')).toBe(RECEIVERS.test);
  });
});

describe('Alertmanager', () => {
  let am: Engine;
  beforeAll(async () => {
    am = await startAlertmanager(renderAlertmanagerConfig(everyReceiverOn()));
  });
  afterAll(() => am?.stop());

  it('when a critical and a warning of the same alert and namespace fire, then only the warning is suppressed', async () => {
    const alert = (namespace: string, severity: string) => ({
      labels: { alertname: 'PostgresReplicationLagHigh', namespace, severity },
    });
    const post = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([alert('brownie', 'critical'), alert('brownie', 'warning'), alert('other', 'warning')]),
    });
    expect(post.status).toBe(200);
    const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
    }[];
    const state = (namespace: string, severity: string) =>
      alerts.find((a) => a.labels.namespace === namespace && a.labels.severity === severity)?.status.state;
    expect([state('brownie', 'critical'), state('brownie', 'warning'), state('other', 'warning')]).toEqual([
      'active',
      'suppressed',
      'active',
    ]);
  });
});
