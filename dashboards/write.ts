// Writes the dashboards as JSON files for manual import or file provisioning: `npx tsx dashboards/write.ts <dir>`.
// The charts take the same JSON from renderDashboards() directly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDashboards } from './index';

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: tsx dashboards/write.ts <output dir>');
  mkdirSync(dir, { recursive: true });
  for (const [name, json] of Object.entries(renderDashboards())) writeFileSync(join(dir, name), json);
}
