// Stack config → settings: Pulumi.yaml declares exactly the keys the program reads, the stack files give dev and
// prod what they promise, and bad values stop the program with a message naming the key.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { STACK_KEYS } from '../../../stacks/keys';
import { parseStackSettings } from '../../../stacks/settings';
import { CLOUD_SETTINGS, stackConfig, stackFileConfig } from './harness';

const project = parse(readFileSync(join(__dirname, '..', '..', '..', 'Pulumi.yaml'), 'utf8')) as {
  name: string;
  runtime: { name: string };
  main: string;
  config: Record<string, { type: string; description?: string; default?: unknown }>;
};

const failure = (raw: Record<string, string>): string => {
  try {
    parseStackSettings(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the config to be refused');
};

describe('Pulumi.yaml', () => {
  test('when the project is read, then it is a nodejs program whose entry is stacks/index.ts', () => {
    expect(project).toMatchObject({ name: 'brownie-platform', runtime: { name: 'nodejs' }, main: 'stacks/index.ts' });
  });

  test('when its config is compared with the program, then every key has the same type, default and a description', () => {
    expect(Object.keys(project.config).sort()).toEqual(Object.keys(STACK_KEYS).sort());
    for (const [key, def] of Object.entries(STACK_KEYS)) {
      const declared = project.config[key];
      expect({ key, type: declared?.type, default: declared?.default }).toEqual({
        key,
        type: def.type,
        default: 'default' in def ? def.default : undefined,
      });
      expect(declared?.description).toBe(def.description);
    }
  });

  test('when a stack file sets a key, then the project declares it', () => {
    for (const stack of ['dev', 'prod'] as const) {
      for (const key of Object.keys(stackFileConfig(stack))) expect(Object.keys(project.config)).toContain(key);
    }
  });
});

test('when the program sources are searched, then only stacks/index.ts reads pulumi.Config', () => {
  const root = join(__dirname, '..', '..', '..');
  const sources = ['stacks', 'infra', 'policy'].flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(dir, f)),
  );
  const readers = sources.filter((f) => /new pulumi\.Config\(|\.Config\(\)/.test(readFileSync(join(root, f), 'utf8')));
  expect(readers).toEqual([join('stacks', 'index.ts')]);
});

describe('the stack files', () => {
  test('when prod is read, then it has 3 synchronous Patroni members, bigger sizes and 30 days of backups', () => {
    const prod = parseStackSettings(stackConfig('prod', 'aws')).platform;
    const dev = parseStackSettings(stackConfig('dev', 'aws')).platform;
    expect(prod.postgres).toMatchObject({ replicas: 3, synchronousMode: true, storage: { size: '100Gi' } });
    expect(prod.backup.retentionDays).toBe(30);
    expect(dev.postgres).toMatchObject({ replicas: 2, synchronousMode: false, storage: { size: '5Gi' } });
    expect(dev.postgres.resources.limits.memory).toBe('1Gi');
    expect(prod.postgres.resources.limits.memory).toBe('4Gi');
    expect(prod.api.hpa.maxReplicas).toBeGreaterThan(dev.api.hpa.maxReplicas);
  });

  test('when a cloud is chosen, then the backup provider, region and workload identity follow it', () => {
    expect(parseStackSettings(stackConfig('dev', 'aws')).platform.backup).toMatchObject({
      provider: 's3',
      region: 'eu-west-1',
    });
    expect(parseStackSettings(stackConfig('dev', 'gcp')).storage).toMatchObject({
      cloud: 'gcp',
      project: 'brownie-test',
    });
    const azure = parseStackSettings(stackConfig('dev', 'azure'));
    expect(azure.platform.backup.azureAccountUrl).toBe('https://browniedevbackupssa.blob.core.windows.net');
    expect(azure.platform.backup.region).toBeUndefined();
  });

  test('when kubeconfig and context are empty, then the ambient kubeconfig is used', () => {
    expect(parseStackSettings(stackConfig('dev', 'aws')).kubernetes).toEqual({});
    expect(parseStackSettings({ ...stackConfig('dev', 'aws'), kubeContext: 'staging' }).kubernetes).toEqual({
      context: 'staging',
    });
  });
});

describe('a bad stack config', () => {
  const dev = stackConfig('dev', 'aws');

  test.each([
    ['an unknown cloud', { ...dev, cloud: 'oracle' }, /cloud: expected one of aws, gcp, azure \(got "oracle"\)/],
    ['a missing region', { ...dev, region: undefined }, /region: required/],
    ['a retention of 0 days', { ...dev, backupRetentionDays: '0' }, /backupRetentionDays \(backup\.retentionDays: /],
    [
      'synchronous mode with 1 replica',
      { ...dev, postgresReplicas: '1', postgresSynchronousMode: 'true' },
      /postgresSynchronousMode \(postgres\.synchronousMode: .*postgres\.replicas ≥ 2/,
    ],
    [
      'prod with 2 replicas',
      { ...stackConfig('prod', 'aws'), postgresReplicas: '2' },
      /postgresReplicas \(postgres\.replicas: /,
    ],
    [
      'a retention that is not a number',
      { ...dev, backupRetentionDays: 'a week' },
      /backupRetentionDays: expected a whole number/,
    ],
    [
      'a boolean that is not one',
      { ...dev, postgresSynchronousMode: 'yes' },
      /postgresSynchronousMode: expected true or false/,
    ],
    [
      'recipients that are not a list',
      { ...dev, backupRecipients: 'age1x' },
      /backupRecipients: expected a list of strings/,
    ],
    ['a misspelt key', { ...dev, backupRetentionDay: '7' }, /backupRetentionDay: not a config key/],
    [
      'aws without its OIDC provider',
      { ...dev, awsOidcProviderArn: undefined },
      /awsOidcProviderArn: required when cloud is aws/,
    ],
    [
      'gcp without a project',
      { ...dev, ...CLOUD_SETTINGS.gcp, gcpProject: '' },
      /gcpProject: required when cloud is gcp/,
    ],
    [
      'azure without an issuer',
      { ...dev, ...CLOUD_SETTINGS.azure, azureOidcIssuerUrl: '' },
      /azureOidcIssuerUrl: required/,
    ],
    [
      'a malformed OIDC provider ARN',
      { ...dev, awsOidcProviderArn: 'arn:aws:iam::1:role/x' },
      /awsOidcProviderArn: expected arn:aws:iam::<account>:oidc-provider/,
    ],
    [
      'an issuer that is not HTTPS',
      { ...dev, ...CLOUD_SETTINGS.azure, azureOidcIssuerUrl: 'http://x' },
      /azureOidcIssuerUrl: expected/,
    ],
    [
      'an unknown monitoring mode',
      { ...dev, monitoringMode: 'cloud' },
      /monitoringMode: expected one of bundled, operator/,
    ],
    ['an unknown environment', { ...dev, environment: 'staging' }, /environment: expected one of dev, prod/],
  ])('when the stack has %s, then the program refuses it naming the key', (_, raw, message) => {
    expect(failure(raw as Record<string, string>)).toMatch(message);
  });
});
