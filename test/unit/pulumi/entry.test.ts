// stacks/index.ts as Pulumi loads it: config set the way the engine sets it, mocks first, then the import.
import * as pulumi from '@pulumi/pulumi';
import { PROJECT, stackConfig, valueOf } from './harness';
import { recordingMocks, type RecordedResource } from './mocks';

test('when the entry point is loaded with the prod stack config, then it exports the stack outputs', async () => {
  const resources: RecordedResource[] = [];
  await pulumi.runtime.setMocks(recordingMocks(resources, []), PROJECT, 'prod', false);
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(stackConfig('prod', 'gcp')).map(([k, v]) => [`${PROJECT}:${k}`, v])),
  );
  const outputs = (await import('../../../stacks/index')) as unknown as Record<string, pulumi.Output<unknown>>;
  expect(await valueOf(outputs.namespace as pulumi.Output<string>)).toBe('brownie');
  expect(await valueOf(outputs.bucketUrl as pulumi.Output<string>)).toBe('gs://brownie-prod-backups');
  expect(await valueOf(outputs.kmsKeyId as pulumi.Output<string>)).toMatch(
    /^projects\/brownie-test\/locations\/europe-west1\//,
  );
  // `export =` is module.exports itself; the dynamic import adds the interop `default`.
  expect(
    Object.keys(outputs)
      .filter((k) => k !== 'default')
      .sort(),
  ).toEqual(
    [
      'apiUrl',
      'backupIdentity',
      'bucketConsoleUrl',
      'bucketName',
      'bucketUrl',
      'cloud',
      'grafanaUrl',
      'kmsKeyId',
      'namespace',
      'portForward',
    ].sort(),
  );
});
