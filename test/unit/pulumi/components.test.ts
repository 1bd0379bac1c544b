// The plain parts of the platform component: output tokens, the backup binding, Secret contents, endpoints.
import * as pulumi from '@pulumi/pulumi';
import { bindBackupStorage } from '../../../infra/components/backup-binding';
import { apiUrl, grafanaUrl, portForwardCommands } from '../../../infra/components/endpoints';
import { isCustomResource, kubeResource, kubeResourceName } from '../../../infra/components/kube-resource';
import { hasOutputToken, outputToken, resolveOutputTokens } from '../../../infra/components/output-tokens';
import {
  CREDENTIALS,
  expectedSecretKeys,
  secretContents,
  type Credentials,
} from '../../../infra/components/platform-secrets';
import { platformConfig } from '../../../infra/config';

const valueOf = <T>(o: unknown): Promise<T> => new Promise((resolve) => (o as pulumi.Output<T>).apply(resolve));
const credentials = Object.fromEntries(CREDENTIALS.map((c) => [c, `${c}Pw`])) as Credentials;

describe('output tokens', () => {
  test('when a string holds tokens, then each is replaced by its output value', async () => {
    const resolved = resolveOutputTokens(
      { a: [`x-${outputToken('k')}-${outputToken('l/m')}`], b: 1 },
      {
        k: pulumi.output('K'),
        'l/m': 'L',
      },
    ) as { a: unknown[]; b: number };
    expect(await valueOf(resolved.a[0])).toBe('x-K-L');
    expect(resolved.b).toBe(1);
  });

  test('when a token has no value, then resolving names it', () => {
    expect(() => resolveOutputTokens(outputToken('missing'), {})).toThrow('output token "missing" has no value');
  });
});

describe('the backup binding', () => {
  const storage = {
    cloud: 'aws' as const,
    encryptionKeyReference: pulumi.output('arn:key'),
    serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': pulumi.output('arn:role') },
    podLabels: { extra: 'label' },
  };

  test('when bound, then the config carries tokens for the key and annotations, and the labels as they are', () => {
    const { config, outputs } = bindBackupStorage(platformConfig('dev'), storage);
    expect(config.backup.encryptionKey).toBe(outputToken('backup.encryptionKey'));
    expect(config.backup.workloadIdentity.serviceAccountAnnotations['eks.amazonaws.com/role-arn']).toBe(
      outputToken('annotation.eks.amazonaws.com/role-arn'),
    );
    expect(config.backup.workloadIdentity.podLabels).toEqual({ extra: 'label' });
    expect(Object.keys(outputs).sort()).toEqual(['annotation.eks.amazonaws.com/role-arn', 'backup.encryptionKey']);
    expect(hasOutputToken(config.backup)).toBe(true);
  });

  test('when the config names another provider than the storage, then binding fails naming backup.provider', () => {
    const gcs = platformConfig('dev', { backup: { provider: 'gcs' } });
    expect(() => bindBackupStorage(gcs, storage)).toThrow(/^backup\.provider: "gcs" does not match the aws storage/);
  });
});

describe('the Secret contents', () => {
  test('when built, then the connection strings point at PgBouncer, the primary and the replicas', () => {
    const c = platformConfig('prod');
    const contents = secretContents(c, credentials);
    expect(contents['brownie-api-env']).toMatchObject({
      'database-url': 'postgres://brownie_api:appPw@brownie-pgbouncer:6432/brownie',
      'database-read-url': 'postgres://brownie_api:appPw@brownie-pgbouncer:6432/brownie_replica',
      'migrations-database-url': 'postgres://brownie_owner:ownerPw@brownie-postgres:5432/brownie',
      'redis-url': 'redis://:redisPw@brownie-redis:6379/0',
    });
    expect(contents['brownie-backup']).toEqual({
      'database-url': 'postgres://brownie_backup:backupPw@brownie-postgres:5432/brownie',
      'source-url': 'postgres://brownie_backup:backupPw@brownie-postgres-repl:5432/brownie',
    });
  });

  test('when built for either mode, then each Secret has exactly the keys the charts read', () => {
    for (const c of [platformConfig('dev'), platformConfig('prod')]) {
      const contents = secretContents(c, credentials);
      const keys = Object.fromEntries(Object.entries(contents).map(([name, data]) => [name, Object.keys(data).sort()]));
      const expected = Object.fromEntries(
        Object.entries(expectedSecretKeys(c)).map(([name, k]) => [name, [...k].sort()]),
      );
      expect(keys).toEqual(expected);
    }
    expect(Object.keys(secretContents(platformConfig('prod'), credentials))).not.toContain('brownie-grafana-admin');
  });

  test('when TLS is on, then database URLs require it', () => {
    const c = platformConfig('dev', { tls: { enabled: true, postgresSecretName: 'pg-tls' } });
    expect(secretContents(c, credentials)['brownie-backup']?.['database-url']).toMatch(/\?sslmode=require$/);
  });
});

describe('endpoints and names', () => {
  test('when monitoring is bundled, then Grafana has a URL and a port-forward line; in operator mode neither', () => {
    const dev = platformConfig('dev');
    const prod = platformConfig('prod');
    expect(apiUrl(prod)).toBe('http://brownie-api.brownie.svc.cluster.local:8000');
    expect(grafanaUrl(dev)).toBe('http://brownie-grafana.brownie-dev.svc.cluster.local:3000');
    expect(portForwardCommands(dev).grafana).toBe('kubectl -n brownie-dev port-forward svc/brownie-grafana 3000:3000');
    expect(grafanaUrl(prod)).toBeUndefined();
    expect(portForwardCommands(prod).grafana).toBeUndefined();
  });

  test('when a manifest is named, then the name is stable and custom resources are told apart', () => {
    const m = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'brownie-api' } };
    expect(kubeResourceName('monitoring', m)).toBe('monitoring-podmonitor-brownie-api');
    expect(isCustomResource(m)).toBe(true);
    expect(isCustomResource({ apiVersion: 'apps/v1' })).toBe(false);
  });

  test('when a chart renders a kind with no @pulumi/kubernetes class, then deploying it fails naming the kind', () => {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' } };
    expect(() => kubeResource('api-ingress-web', ingress, {}, {})).toThrow(
      'api-ingress-web: no @pulumi/kubernetes class for networking.k8s.io/v1 Ingress',
    );
  });
});
