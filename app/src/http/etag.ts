import { AppError } from './errors';

export const etagOf = (version: number) => `"${version}"`;

/** If-Match: absent or `*` passes; otherwise one of the listed tags must be the current version (weak tags too). */
export function checkIfMatch(header: string | string[] | undefined, version: number): void {
  if (header === undefined) return;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return;
  const tags = value.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(version))) {
    throw new AppError(
      412,
      'precondition-failed',
      'Precondition Failed',
      `the resource is at version ${version}; re-read it and retry`,
      { currentVersion: version },
      { etag: etagOf(version) },
    );
  }
}
