// s3rver and Azurite as child processes on free loopback ports, with their state in a temporary directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, stopProcess, waitFor } from '../helpers/processes';

export interface Emulator {
  port: number;
  stop: () => Promise<void>;
}

async function start(name: string, script: string, args: (port: number, dir: string) => string[]): Promise<Emulator> {
  const dir = await mkdtemp(path.join(tmpdir(), `brownie-${name}-`));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [require.resolve(script), ...args(port, dir)], {
    cwd: dir, // anything an emulator writes lands in the directory removed at stop
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => listening(port), 15_000, `${name} on ${port}`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { port, stop };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** s3rver with one bucket created at start-up; it accepts any credentials. */
export function startS3rver(bucket: string): Promise<Emulator> {
  return start('s3rver', 's3rver/bin/s3rver.js', (port, dir) => [
    '--directory',
    dir,
    '--address',
    '127.0.0.1',
    '--port',
    String(port),
    '--silent',
    '--configure-bucket',
    bucket,
  ]);
}

/** Azurite's blob service only, in memory (it refuses --location with that); without --disableTelemetry it reaches the internet. */
export function startAzurite(): Promise<Emulator> {
  return start('azurite', 'azurite/dist/src/blob/main.js', (port) => [
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--inMemoryPersistence',
    '--extentMemoryLimit',
    '512',
    '--silent',
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(port),
  ]);
}

/** Azurite's well-known development account. */
export function azuriteConnectionString(blobEndpoint: string): string {
  return [
    'DefaultEndpointsProtocol=http',
    'AccountName=devstoreaccount1',
    'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    `BlobEndpoint=${blobEndpoint}/devstoreaccount1`,
  ].join(';');
}
