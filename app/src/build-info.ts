import { execFileSync } from 'node:child_process';
import path from 'node:path';
import packageJson from '../../package.json';

export interface BuildInfo {
  name: string;
  version: string;
  revision: string;
}

/** The git revision: given by the image build (GIT_REVISION), else asked of git when running from a checkout. */
export function buildInfo(serviceName: string, givenRevision?: string): BuildInfo {
  let revision = givenRevision ?? 'unknown';
  if (!givenRevision) {
    try {
      revision = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
        cwd: path.join(__dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .toString()
        .trim();
    } catch {
      // not a checkout, or no git: stays unknown
    }
  }
  return { name: serviceName, version: packageJson.version, revision };
}
