// The extra queries postgres_exporter runs (--extend.query-path): the charts mount this text in a ConfigMap, and the
// metric-existence test runs the real exporter on the same file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const POSTGRES_EXPORTER_QUERIES_FILE = join(__dirname, 'postgres-exporter-queries.yaml');

export function postgresExporterQueries(): string {
  return readFileSync(POSTGRES_EXPORTER_QUERIES_FILE, 'utf8');
}
