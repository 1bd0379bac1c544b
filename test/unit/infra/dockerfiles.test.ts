// No Docker engine here: check the facts the charts rely on against the Dockerfiles' text, so the two cannot drift.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_CLI, MIGRATIONS_COMMAND, RUN_AS } from '../../../infra/charts';
import { platformConfig } from '../../../infra/config';
import { REPO_ROOT } from '../../../infra/compose/write';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
/** Instructions of the last stage (after the last FROM). */
const finalStage = (dockerfile: string) => dockerfile.split(/^FROM /m).at(-1)!;
/** dist/<path>.js as tsconfig.build.json emits it from <path>.ts. */
const sourceOf = (compiled: string) => compiled.replace(/^dist\//, '').replace(/\.js$/, '.ts');

describe('app/Dockerfile', () => {
  const dockerfile = read('app/Dockerfile');
  const stage = finalStage(dockerfile);

  it('when the image runs, then it runs as the non-root uid the charts declare, under tini', () => {
    expect(stage).toMatch(new RegExp(`^USER ${RUN_AS.api}:${RUN_AS.api}$`, 'm'));
    expect(stage).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
  });

  it('when the backup CLI runs, then PostgreSQL 16 client tools are in the runtime image', () => {
    expect(stage).toContain(`postgresql-client-${platformConfig('prod').postgres.majorVersion}`);
  });

  it('when the charts call the service, migrations and backup entry points, then their sources exist', () => {
    const main = /^CMD \["node", "([^"]+)"\]$/m.exec(stage)?.[1];
    for (const compiled of [main!, MIGRATIONS_COMMAND[1]!, BACKUP_CLI[1]]) {
      expect([compiled, existsSync(join(REPO_ROOT, sourceOf(compiled)))]).toEqual([compiled, true]);
    }
  });

  it('when the image is built, then it is multi-stage and ships no dev dependencies', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toContain('npm prune --omit=dev');
  });
});

describe('images/patroni/Dockerfile', () => {
  const dockerfile = read('images/patroni/Dockerfile');
  const c = platformConfig('prod');

  it('when the image runs, then it is the non-root uid the Patroni chart declares, with tini reaping orphans', () => {
    expect(dockerfile).toMatch(new RegExp(`^USER ${RUN_AS.patroni}:${RUN_AS.patroni}$`, 'm'));
    expect(dockerfile).toContain(`--uid ${RUN_AS.patroni}`);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "-s", "--"\]$/m);
  });

  it('when the presets name the image, then its tag matches the Patroni and PostgreSQL versions built in', () => {
    const patroni = /^ARG PATRONI_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
    const major = /^ARG PG_MAJOR=(\d+)$/m.exec(dockerfile)?.[1];
    expect(c.images.patroni.tag).toBe(`${patroni}-pg${major}`);
    expect(c.postgres.patroniVersion).toBe(patroni);
    expect(Number(major)).toBe(c.postgres.majorVersion);
  });
});
