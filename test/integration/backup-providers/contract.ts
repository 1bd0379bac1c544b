// The behaviour every BackupProvider promises (see app/src/backup/providers/provider.ts), run against each one.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createProvider } from '../../../app/src/backup/providers';
import { ObjectNotFoundError, type BackupProvider } from '../../../app/src/backup/providers/provider';
import { loadConfig } from '../../../app/src/config';
import { watchConnections } from './loopback';
import { randomBody, sha256 } from './streams';

const MiB = 1024 * 1024;

/** A provider as the service builds one: environment variables through the config schema and the one switch. */
export function providerFromEnv(env: Record<string, string>): BackupProvider {
  return createProvider(loadConfig(env));
}

/** Defines the shared cases; `at(prefix)` returns the provider for a fresh destination under the suite's store. */
export function providerContract(at: (prefix: string) => BackupProvider): void {
  const fresh = (): BackupProvider => at(`contract-${randomUUID().slice(0, 8)}`);
  let connections: ReturnType<typeof watchConnections>;
  beforeAll(() => {
    connections = watchConnections();
  });
  afterAll(() => connections.stop());

  it('when a 20 MiB stream is put, then get returns the same bytes and list shows its key and size', async () => {
    const provider = fresh();
    const size = 20 * MiB + 12_345; // several parts/chunks/blocks, the last one short
    const { body, digest } = randomBody(size);
    const before = Date.now();

    await provider.put('brownie-big.dump.age', body);

    expect(await sha256(await provider.get('brownie-big.dump.age'))).toBe(digest());
    const [object, ...others] = await provider.list();
    expect(others).toEqual([]);
    expect(object).toMatchObject({ key: 'brownie-big.dump.age', size });
    expect(object!.lastModified.getTime()).toBeGreaterThan(before - 60_000);
  });

  it('when small and empty objects are put, then each lists with its size and reads back unchanged', async () => {
    const provider = fresh();
    // A stream of strings, as the engine writes manifests (Readable.from(['…']) is in object mode).
    await provider.put('small.json', Readable.from(['{"ok":', 'true}']), { contentType: 'application/json' });
    await provider.put('empty', Readable.from([]));

    const listed = (await provider.list()).map(({ key, size }) => ({ key, size }));
    expect(listed.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'empty', size: 0 },
      { key: 'small.json', size: 11 },
    ]);
    expect(await text(await provider.get('small.json'))).toBe('{"ok":true}');
    expect(await text(await provider.get('empty'))).toBe('');
  });

  it('when the destination is the bucket root, then list shows the root objects and none under a prefix', async () => {
    const root = at('');
    await root.put('at-the-root', Readable.from([Buffer.from('r')]));
    await at('below').put('not-at-the-root', Readable.from([Buffer.from('b')]));

    expect((await root.list()).map((o) => o.key)).toEqual(['at-the-root']);
    expect(await text(await root.get('at-the-root'))).toBe('r');
  });

  it('when the key does not exist, then get rejects with ObjectNotFoundError naming it', async () => {
    const error = await fresh()
      .get('missing.dump.age')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect(error).toMatchObject({ key: 'missing.dump.age' });
  });

  it('when an object is deleted, then list omits it and get rejects with ObjectNotFoundError', async () => {
    const provider = fresh();
    await provider.put('gone', Readable.from([Buffer.from('a')]));
    await provider.put('kept', Readable.from([Buffer.from('b')]));

    await provider.delete('gone');

    expect((await provider.list()).map((o) => o.key)).toEqual(['kept']);
    await expect(provider.get('gone')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('when a missing object is deleted, then delete resolves', async () => {
    await expect(fresh().delete('never-there')).resolves.toBeUndefined();
  });

  it('when two destinations share a bucket, then each lists and reads only its own objects', async () => {
    const prefix = `contract-${randomUUID().slice(0, 8)}`;
    const one = at(prefix);
    const longer = at(`${prefix}-more`); // a string prefix of another destination must not leak into it
    const nested = at(`${prefix}/sub`);
    await one.put('a', Readable.from([Buffer.from('1')]));
    await longer.put('b', Readable.from([Buffer.from('2')]));
    await nested.put('c', Readable.from([Buffer.from('3')]));

    expect((await one.list()).map((o) => o.key)).toEqual(['a']);
    expect((await longer.list()).map((o) => o.key)).toEqual(['b']);
    expect((await nested.list()).map((o) => o.key)).toEqual(['c']);
    await expect(longer.get('a')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('when the source stream fails midway, then put rejects and no object is left behind', async () => {
    const provider = fresh();
    const { body } = randomBody(20 * MiB, 9 * MiB);

    await expect(provider.put('broken.dump.age', body)).rejects.toThrow();

    expect(await provider.list()).toEqual([]);
    await expect(provider.get('broken.dump.age')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('when a key contains a slash or starts with a dot, then put rejects before storing anything', async () => {
    const provider = fresh();
    await expect(provider.put('../escape', Readable.from([]))).rejects.toThrow(/invalid object key/);
    await expect(provider.put('.hidden', Readable.from([]))).rejects.toThrow(/invalid object key/);
    expect(await provider.list()).toEqual([]);
  });

  it('when the suite has run, then every connection went to loopback', () => {
    expect(connections.outsideLoopback()).toEqual([]);
  });
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
