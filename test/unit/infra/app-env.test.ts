// The containers that run the API image must satisfy the app's own config parser (app/src/config.ts), with the
// Secrets' values stood in by plausible ones: a missing or misspelt variable fails here, not in a crash loop.
import { loadConfig } from '../../../app/src/config';
import { platformConfig } from '../../../infra/config';
import { containersOf, objectsOf, podOwners, resolveEnv } from '../../fixtures/infra/manifests';

const secretValues: Record<string, string> = {
  'database-url': 'postgres://brownie_api:pw@brownie-pgbouncer:6432/brownie',
  'database-read-url': 'postgres://brownie_api:pw@brownie-pgbouncer:6432/brownie_replica',
  'migrations-database-url': 'postgres://brownie_owner:pw@brownie-postgres:5432/brownie',
  'source-url': 'postgres://brownie_backup:pw@brownie-postgres-repl:5432/brownie',
  'redis-url': 'redis://:pw@brownie-redis:6379',
  'jwt-secret': 'j'.repeat(48),
  'operator-token': 'o'.repeat(48),
};

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized JSON */
const clouds = [
  ['dev', platformConfig('dev')],
  ['prod', platformConfig('prod')],
  [
    'prod on S3 with a KMS key',
    platformConfig('prod', { backup: { region: 'eu-west-1', encryptionKey: 'alias/brownie' } }),
  ],
  ['prod on GCS', platformConfig('prod', { backup: { provider: 'gcs', encryptionKey: 'projects/p/keys/k' } })],
  [
    'prod on Azure',
    platformConfig('prod', {
      backup: { provider: 'azure', azureAccountUrl: 'https://acct.blob.core.windows.net', encryptionKey: 'scope' },
    }),
  ],
] as const;

describe.each(clouds)('API image containers (%s)', (_stack, config) => {
  const owners = podOwners(objectsOf(config)).filter((o) =>
    o.template.spec.containers.some((ct: any) => ct.image.includes('metadata-api')),
  );

  it.each(owners.map((o) => [o.object.kind, o.object.metadata.name, o] as const))(
    'when the %s %s starts, then the app accepts its environment',
    (_kind, _name, owner) => {
      for (const container of containersOf(owner)) {
        expect(() => loadConfig(resolveEnv(container, secretValues))).not.toThrow();
      }
    },
  );
});
/* eslint-enable @typescript-eslint/no-explicit-any */
