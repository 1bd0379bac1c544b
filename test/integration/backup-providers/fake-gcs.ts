// Just enough of the Cloud Storage JSON API for @google-cloud/storage 7: resumable uploads (session URI, chunks with
// Content-Range, 308 with Range until the last one), object metadata, media download with x-goog-hash, list with
// prefix/delimiter/pageToken, delete, and 404s in the JSON error shape. There is no official emulator.
import { CRC32C } from '@google-cloud/storage';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredObject {
  data: Buffer;
  crc32c: string;
  md5Hash: string;
  contentType: string;
  generation: number;
  updated: Date;
  kmsKeyName?: string;
}
interface Session {
  bucket: string;
  name: string;
  contentType: string;
  kmsKeyName?: string;
  chunks: Buffer[];
  received: number;
}
export interface FakeGcsRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export async function startFakeGcs(buckets: string[], pageSize = 2) {
  const store = new Map(buckets.map((b) => [b, new Map<string, StoredObject>()]));
  const sessions = new Map<string, Session>();
  const requests: FakeGcsRequest[] = [];
  let generation = 1;
  // Flips one byte of the next stored upload or served download, to prove the client checks what it gets.
  let corrupt: 'upload' | 'download' | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, { error: { code: 500, message: error.message } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? '', path: url.pathname, query, headers: req.headers });
    const body = await read(req);
    const route = /^\/(upload\/)?storage\/v1\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
    const objects = route ? store.get(route[2]!) : undefined;
    if (!route || !objects) return notFound(res, 'No such bucket');
    const [, upload, bucket, encodedName] = route;
    const name = encodedName === undefined ? undefined : decodeURIComponent(encodedName);

    if (upload && req.method === 'POST' && query.uploadType === 'resumable' && query.name) {
      const metadata = body.length ? (JSON.parse(body.toString()) as { contentType?: string }) : {};
      const id = randomUUID();
      sessions.set(id, {
        bucket: bucket!,
        name: query.name,
        contentType: String(req.headers['x-upload-content-type'] ?? metadata.contentType ?? 'application/octet-stream'),
        kmsKeyName: query.kmsKeyName,
        chunks: [],
        received: 0,
      });
      res.setHeader('Location', `http://${req.headers.host}${url.pathname}?uploadType=resumable&upload_id=${id}`);
      return send(res, 200, {});
    }
    if (upload && req.method === 'PUT' && query.upload_id) {
      const session = sessions.get(query.upload_id);
      if (!session) return notFound(res, 'No such upload session');
      return chunk(session, query.upload_id, String(req.headers['content-range'] ?? ''), body, res);
    }
    if (!upload && req.method === 'GET' && name === undefined) return list(objects, bucket!, query, res);

    const object = name === undefined ? undefined : objects.get(name);
    const wanted = query.generation === undefined || Number(query.generation) === object?.generation;
    if (!object || !wanted) return notFound(res, `No such object: ${bucket}/${name}`);
    if (req.method === 'DELETE') {
      objects.delete(name!);
      res.writeHead(204).end();
    } else if (req.method === 'GET' && query.alt === 'media') {
      res.writeHead(200, {
        'Content-Type': object.contentType,
        'Content-Length': object.data.length,
        'x-goog-hash': `crc32c=${object.crc32c},md5=${object.md5Hash}`,
        'x-goog-generation': String(object.generation),
        'x-goog-stored-content-encoding': 'identity',
      });
      if (corrupt === 'download' && object.data.length) {
        corrupt = undefined;
        return void res.end(Buffer.concat([Buffer.from([object.data[0]! ^ 1]), object.data.subarray(1)]));
      }
      res.end(object.data);
    } else if (req.method === 'GET') {
      send(res, 200, resource(bucket!, name!, object));
    } else {
      send(res, 405, { error: { code: 405, message: `${req.method} is not supported here` } });
    }
  }

  /** One chunk `bytes FIRST-LAST/TOTAL` (TOTAL `*` until the last), or `bytes *\/TOTAL` to ask or to finish. */
  function chunk(session: Session, id: string, range: string, body: Buffer, res: ServerResponse): void {
    // The library sends `bytes 0--1/0` for an empty object; accepted here, not checked against GCS.
    const match = /^bytes (?:(\d+)-(-?\d+)|\*)\/(\d+|\*)$/.exec(range);
    if (!match) return send(res, 400, { error: { code: 400, message: `bad Content-Range "${range}"` } });
    const [, first, , total] = match;
    if (first !== undefined) {
      if (Number(first) !== session.received) return incomplete(session, res); // the client resends from our Range
      session.chunks.push(body);
      session.received += body.length;
    }
    if (total === '*' || Number(total) !== session.received) return incomplete(session, res);
    sessions.delete(id);
    const data = Buffer.concat(session.chunks);
    if (corrupt === 'upload' && data.length) {
      corrupt = undefined;
      data[0] = data[0]! ^ 1;
    }
    const sums = hashes(data);
    const object: StoredObject = {
      data,
      ...sums,
      contentType: session.contentType,
      generation: generation++,
      updated: new Date(),
      ...(session.kmsKeyName && { kmsKeyName: session.kmsKeyName }),
    };
    store.get(session.bucket)!.set(session.name, object);
    send(res, 200, resource(session.bucket, session.name, object));
  }

  function incomplete(session: Session, res: ServerResponse): void {
    if (session.received > 0) res.setHeader('Range', `bytes=0-${session.received - 1}`);
    res.writeHead(308).end();
  }

  function list(
    objects: Map<string, StoredObject>,
    bucket: string,
    query: Record<string, string>,
    res: ServerResponse,
  ) {
    const prefix = query.prefix ?? '';
    const delimiter = query.delimiter;
    const entries = new Map<string, StoredObject | undefined>(); // a name, or a "folder" prefix (undefined)
    for (const [name, object] of objects) {
      if (!name.startsWith(prefix)) continue;
      const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
      entries.set(cut === -1 ? name : name.slice(0, cut + 1), cut === -1 ? object : undefined);
    }
    const sorted = [...entries.keys()].sort();
    const start = query.pageToken ? sorted.findIndex((n) => n > query.pageToken!) : 0;
    const page = start === -1 ? [] : sorted.slice(start, start + pageSize);
    const more = start !== -1 && start + pageSize < sorted.length;
    send(res, 200, {
      kind: 'storage#objects',
      items: page.filter((n) => entries.get(n)).map((n) => resource(bucket, n, entries.get(n)!)),
      prefixes: page.filter((n) => !entries.get(n)),
      ...(more && { nextPageToken: page.at(-1) }),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    object: (bucket: string, name: string) => store.get(bucket)?.get(name),
    corruptNext: (what: 'upload' | 'download') => {
      corrupt = what;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function resource(bucket: string, name: string, object: StoredObject) {
  return {
    kind: 'storage#object',
    id: `${bucket}/${name}/${object.generation}`,
    bucket,
    name,
    generation: String(object.generation),
    metageneration: '1',
    contentType: object.contentType,
    size: String(object.data.length),
    crc32c: object.crc32c,
    md5Hash: object.md5Hash,
    timeCreated: object.updated.toISOString(),
    updated: object.updated.toISOString(),
    ...(object.kmsKeyName && { kmsKeyName: object.kmsKeyName }),
  };
}

function hashes(data: Buffer): { crc32c: string; md5Hash: string } {
  const crc = new CRC32C();
  crc.update(data);
  return { crc32c: crc.toString(), md5Hash: createHash('md5').update(data).digest('base64') };
}

function notFound(res: ServerResponse, message: string): void {
  send(res, 404, { error: { code: 404, message, errors: [{ message, domain: 'global', reason: 'notFound' }] } });
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
