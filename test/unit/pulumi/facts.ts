// Facts every run of the program must show, whatever the cloud and stack; each cloud's suite adds its own.
import * as pulumi from '@pulumi/pulumi';
import { platformObjects } from '../../../infra/charts';
import { expectedSecretKeys } from '../../../infra/components/platform-secrets';
import { kubeResourceName } from '../../../infra/components/kube-resource';
import { names, type PlatformConfig } from '../../../infra/config';
import { monitoringAssets } from '../../../infra/monitoring-assets';
import { parseStackSettings } from '../../../stacks/settings';
import { ofType, one, stackConfig, valueOf, type StackRun } from './harness';
import type { Cloud } from '../../../infra/cloud/backup-storage';

type EnvVar = { name: string; value?: string };
type PodTemplate = { metadata: { labels: Record<string, string> }; spec: { containers: { env: EnvVar[] }[] } };

/** The backup CronJob's container env as the program sent it to Kubernetes. */
export function backupEnv(run: StackRun, config: PlatformConfig): Record<string, string | undefined> {
  const cronJob = one(run, 'kubernetes:batch/v1:CronJob', `backup-cronjob-${names(config).backup}`);
  const template = (cronJob.inputs.spec as { jobTemplate: { spec: { template: PodTemplate } } }).jobTemplate.spec
    .template;
  return Object.fromEntries((template.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
}

export function backupPodLabels(run: StackRun, config: PlatformConfig): Record<string, string> {
  const cronJob = one(run, 'kubernetes:batch/v1:CronJob', `backup-cronjob-${names(config).backup}`);
  return (cronJob.inputs.spec as { jobTemplate: { spec: { template: PodTemplate } } }).jobTemplate.spec.template
    .metadata.labels;
}

export function backupServiceAccountAnnotations(run: StackRun, config: PlatformConfig): Record<string, string> {
  const sa = one(run, 'kubernetes:core/v1:ServiceAccount', `backup-serviceaccount-${names(config).backup}`);
  return (sa.inputs.metadata as { annotations?: Record<string, string> }).annotations ?? {};
}

const TOP_LEVEL = ['brownie:cloud:', 'brownie:components:', 'pulumi:providers:kubernetes'];
const kubeObjects = (run: StackRun) => run.resources.filter((r) => r.type.startsWith('kubernetes:'));

export interface RunContext {
  run: StackRun;
  config: PlatformConfig;
}

/** Runs the stack once (beforeAll) and declares the shared facts; returns the context for cloud-specific tests. */
export function describeCommonFacts(stack: 'dev' | 'prod', cloud: Cloud, run: () => Promise<StackRun>): RunContext {
  const ctx = {} as RunContext;
  beforeAll(async () => {
    ctx.config = parseStackSettings(stackConfig(stack, cloud)).platform;
    ctx.run = await run();
    console.log(
      `mocked ${stack} stack on ${cloud}: ${ctx.run.durationMs.toFixed(0)} ms, ${ctx.run.resources.length} resources`,
    );
  });

  test('when the program runs, then it completes within the budget and every invoke had an answer', () => {
    expect(ctx.run.resources.length).toBeGreaterThan(40);
    expect(ctx.run.unknownCalls).toEqual([]);
    expect(ctx.run.durationMs).toBeLessThan(5_000);
  });

  test('when resources are registered, then no two share a type and name', () => {
    const keys = ctx.run.resources.map((r) => `${r.type}::${r.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(new Set(ctx.run.urns).size).toBe(ctx.run.urns.length);
  });

  test('when resources are registered, then every one but the components and the cluster provider has a component parent', () => {
    const orphans = ctx.run.urns
      .map((urn) => urn.split('::')[2] as string)
      .filter((chain) => !chain.includes('$') && !TOP_LEVEL.some((t) => chain.startsWith(t)));
    expect(orphans).toEqual([]);
    const children = ctx.run.urns.filter((urn) => (urn.split('::')[2] as string).includes('$'));
    for (const urn of children) expect(urn).toMatch(/::brownie:(cloud|components):\w+\$/);
  });

  test('when the chart objects are deployed, then each is one typed resource, the namespace first, units in order', () => {
    const units = platformObjects(ctx.config, monitoringAssets(ctx.config));
    const unitOf = new Map(
      units.flatMap(({ unit, objects }, index) => objects.map((m) => [kubeResourceName(unit, m), index] as const)),
    );
    const deployed = kubeObjects(ctx.run)
      .map((r) => r.name)
      .filter((name) => !name.startsWith('secret-'));
    expect([...deployed].sort()).toEqual([...unitOf.keys()].sort());
    // Registration waits for the previous unit (dependsOn), so unit indexes never decrease in registration order.
    const order = deployed.map((name) => unitOf.get(name) as number);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(kubeObjects(ctx.run)[0]?.type).toBe('kubernetes:core/v1:Namespace');
  });

  test('when monitoring runs in operator mode, then custom resources exist, and only then', () => {
    const custom = kubeObjects(ctx.run).filter((r) => r.type.startsWith('kubernetes:monitoring.coreos.com/'));
    if (ctx.config.monitoring.mode === 'operator') expect(custom.length).toBeGreaterThan(0);
    else expect(custom).toEqual([]);
  });

  test('when outputs reach Kubernetes objects, then no placeholder token is left in any input', () => {
    const leaking = ctx.run.resources.filter((r) => JSON.stringify(r.inputs).includes('@@output:'));
    expect(leaking.map((r) => r.name)).toEqual([]);
  });

  test('when Secrets are created, then each holds the keys the charts read, generated and marked secret', async () => {
    const expected = expectedSecretKeys(ctx.config);
    const secrets = ofType(ctx.run, 'kubernetes:core/v1:Secret');
    expect(secrets.map((s) => (s.inputs.metadata as { name: string }).name).sort()).toEqual(
      Object.keys(expected).sort(),
    );
    for (const secret of secrets) {
      const name = (secret.inputs.metadata as { name: string }).name;
      // Mocks receive secret inputs still wrapped: that wrapper is the proof they are marked secret.
      const wrapped = secret.inputs.stringData as Record<string, unknown>;
      expect(wrapped[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
      const data = wrapped.value as Record<string, string>;
      expect(Object.keys(data).sort()).toEqual([...(expected[name] ?? [])].sort());
      for (const value of Object.values(data)) expect(value).not.toMatch(/^$|undefined/);
    }
    for (const secret of Object.values(ctx.run.stack.platform.secrets)) {
      expect(await pulumi.isSecret(secret.stringData)).toBe(true);
    }
  });

  test('when the stack exports its outputs, then they name the namespace, the API and the bucket', async () => {
    const { outputs } = ctx.run.stack;
    expect(await valueOf(outputs.namespace)).toBe(ctx.config.namespace);
    expect(await valueOf(outputs.apiUrl)).toBe(
      `http://${names(ctx.config).api}.${ctx.config.namespace}.svc.cluster.local:8000`,
    );
    expect(await valueOf(outputs.bucketName)).toBe(ctx.config.backup.bucket);
    expect(Object.values(await valueOf(outputs.portForward))).toContain(
      `kubectl -n ${ctx.config.namespace} port-forward svc/${names(ctx.config).api} 8000:8000`,
    );
  });

  test('when the backup CronJob is rendered, then its destination is the storage destination', async () => {
    const env = backupEnv(ctx.run, ctx.config);
    expect(env.BACKUP_DESTINATION).toBe(await valueOf(ctx.run.stack.storage.destination));
    expect(env.BACKUP_RETENTION_DAYS).toBe(String(ctx.config.backup.retentionDays));
  });
  return ctx;
}
