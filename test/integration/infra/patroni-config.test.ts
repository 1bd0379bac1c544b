// Patroni's own validator on the rendered patroni.yml, for the Kubernetes DCS and for etcd (with a real etcd up,
// since the validator connects to it).
import fc from 'fast-check';
import type { ChildProcess } from 'node:child_process';
import { platformConfig, type PlatformConfig } from '../../../infra/config';
import { renderPatroniConfig, type PatroniMember } from '../../../infra/render';
import { validPlatformConfig } from '../../fixtures/infra/arbitrary-config';
import { freePort, stopProcess } from '../helpers/processes';
import { run, startEtcd, tempDir } from './engines';

// The local server is PostgreSQL 15; the image ships 16. The validator checks bin_dir holds a server.
const LOCAL_BIN_DIR = '/usr/lib/postgresql/15/bin';
const HOST = '127.0.0.2';

const files = tempDir('patroni-validate');
let etcd: ChildProcess;
let etcdHost: string;

beforeAll(async () => {
  ({ etcd, host: etcdHost } = await startEtcd(`${files.dir}/etcd`));
});

afterAll(async () => {
  if (etcd) await stopProcess(etcd);
  files.remove();
});

/** What a pod's environment supplies in Kubernetes, pointed at free local ports. */
async function podEnvironment(): Promise<NodeJS.ProcessEnv> {
  const [pg, api] = [await freePort(), await freePort()];
  return {
    PATRONI_NAME: 'brownie-postgres-0',
    PATRONI_KUBERNETES_POD_IP: HOST,
    PATRONI_POSTGRESQL_LISTEN: `${HOST}:${pg}`,
    PATRONI_POSTGRESQL_CONNECT_ADDRESS: `${HOST}:${pg}`,
    PATRONI_RESTAPI_LISTEN: `${HOST}:${api}`,
    PATRONI_RESTAPI_CONNECT_ADDRESS: `${HOST}:${api}`,
    PATRONI_POSTGRESQL_BIN_DIR: LOCAL_BIN_DIR,
    PATRONI_POSTGRESQL_DATA_DIR: `${files.dir}/data`,
  };
}

async function member(): Promise<PatroniMember> {
  return {
    name: 'member-1',
    host: HOST,
    postgresPort: await freePort(),
    restApiPort: await freePort(),
    dataDir: `${files.dir}/member-1`,
    binDir: LOCAL_BIN_DIR,
  };
}

const validate = (path: string, env: NodeJS.ProcessEnv = {}) => run('patroni', ['--validate-config', path], env);

async function validateKubernetes(c: PlatformConfig) {
  return validate(files.write('kubernetes.yml', renderPatroniConfig(c, { dcs: 'kubernetes' })), await podEnvironment());
}

async function validateEtcd(c: PlatformConfig) {
  return validate(
    files.write('etcd.yml', renderPatroniConfig(c, { dcs: 'etcd', etcdHosts: [etcdHost], member: await member() })),
  );
}

describe('patroni.yml', () => {
  it.each(['dev', 'prod'] as const)(
    'when the %s config is rendered for the Kubernetes DCS, then patroni --validate-config accepts it',
    async (stack) => {
      expect(await validateKubernetes(platformConfig(stack))).toEqual({ code: 0, output: '' });
    },
  );

  it.each(['dev', 'prod'] as const)(
    'when the %s config is rendered for etcd, then patroni --validate-config accepts it',
    async (stack) => {
      expect(await validateEtcd(platformConfig(stack))).toEqual({ code: 0, output: '' });
    },
  );

  it('when a rendered file is broken, then the validator fails naming the field (the check can fail)', async () => {
    const broken = renderPatroniConfig(platformConfig('dev'), { dcs: 'kubernetes' }).replace(
      'use_endpoints: true',
      'use_endpoints: 7',
    );
    const result = validate(files.write('broken.yml', broken), await podEnvironment());
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('kubernetes.use_endpoints');
  });

  it('when any valid config is rendered for either DCS, then the validator accepts it', async () => {
    await fc.assert(
      fc.asyncProperty(validPlatformConfig, fc.boolean(), async (c, kubernetes) => {
        const result = kubernetes ? await validateKubernetes(c) : await validateEtcd(c);
        expect(result).toEqual({ code: 0, output: '' });
      }),
      { numRuns: 8 },
    );
  });
});
