// `npx tsx infra/compose/write.ts`: regenerates docker-compose.yml and infra/compose/generated/ from the dev preset.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { platformConfig } from '../config';
import { composeFiles } from './files';

export const REPO_ROOT = join(__dirname, '..', '..');

if (require.main === module) {
  for (const [path, content] of Object.entries(composeFiles(platformConfig('dev')))) {
    const target = join(REPO_ROOT, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
    console.log(path);
  }
}
