import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalProvider } from '../../../app/src/backup/providers/local';
import { providerContract } from './contract';

describe('local provider on a temporary directory', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'brownie-backup-local-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  providerContract((prefix) => new LocalProvider(path.join(root, prefix)));
});
