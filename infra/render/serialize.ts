// Deterministic serializers: keys sorted at every level, so a re-render with the same config is byte-identical and
// previews and diffs stay quiet.
import YAML from 'yaml';

/**
 * YAML 1.1 quoting, because Patroni (PyYAML) and Prometheus read on/off/yes/no as booleans; single quotes, as
 * Prettier writes them, so committed renders pass `prettier --check`.
 */
export function toYaml(document: unknown): string {
  return YAML.stringify(document, {
    version: '1.1',
    singleQuote: true,
    sortMapEntries: true,
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

export type IniValue = string | number;

/** INI with sorted sections and keys; values are written as given (quote them in the caller if needed). */
export function toIni(sections: Record<string, Record<string, IniValue>>): string {
  const sorted = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  return sorted(sections)
    .map(([section, entries]) => [`[${section}]`, ...sorted(entries).map(([k, v]) => `${k} = ${v}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}
