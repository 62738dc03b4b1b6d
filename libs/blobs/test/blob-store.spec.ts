import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  BlobSizeMismatchError,
  BlobTooLargeError,
  DigestMismatchError,
  InvalidBlobKeyError,
  LocalBlobStore,
  openBlobStore,
  parseS3Url,
  type BlobStore,
} from '../src';
import { S3BlobStore } from '../src/s3';
import { startS3Server, type TestS3Server } from './s3-server';

const MiB = 1024 * 1024;

async function bytesOf(stream: Readable | null): Promise<Buffer> {
  if (!stream) throw new Error('no such object');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `bytes` as a body of uneven chunks, as a socket delivers them. */
async function* body(bytes: Buffer, chunk = 64 * 1024 + 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
}

/** A body that fails after `bytes`, as a client that goes away does. */
async function* brokenBody(bytes: Buffer): AsyncGenerator<Buffer> {
  yield* body(bytes);
  throw new Error('client went away');
}

let s3: TestS3Server;
let localRoot: string;

beforeAll(async () => {
  s3 = await startS3Server();
  localRoot = await mkdtemp(join(tmpdir(), 'simvault-blobs-'));
}, 30_000);

afterAll(async () => {
  await s3?.close();
  await rm(localRoot, { recursive: true, force: true });
});

let counter = 0;
const stores: Record<string, () => BlobStore> = {
  local: () => new LocalBlobStore(join(localRoot, `store-${++counter}`)),
  s3: () => s3.store(`suite-${++counter}/`),
};

/** Every key the store holds, through its own paged listing. */
async function allKeys(store: BlobStore, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.list(prefix, { after, limit: 2 });
    keys.push(...page.items.map((i) => i.key));
    if (!page.next) return keys;
    after = page.next;
  }
}

describe.each(Object.keys(stores))('the %s blob store', (kind) => {
  let store: BlobStore;
  beforeEach(() => {
    store = stores[kind]();
  });

  it('stores and reads back a small object, answering its digest', async () => {
    const bytes = Buffer.from('hello, blobs');
    const put = await store.put('a/hello.txt', body(bytes));
    expect(put).toEqual({ key: 'a/hello.txt', size: bytes.length, digest: sha256(bytes) });
    expect(await bytesOf(await store.get('a/hello.txt'))).toEqual(bytes);
    expect(await store.stat('a/hello.txt')).toMatchObject({ key: 'a/hello.txt', size: bytes.length });
    expect(await store.exists('a/hello.txt')).toBe(true);
  });

  it('stores an empty object', async () => {
    expect(await store.put('empty', body(Buffer.alloc(0)))).toMatchObject({
      size: 0,
      digest: sha256(Buffer.alloc(0)),
    });
    expect((await bytesOf(await store.get('empty'))).length).toBe(0);
  });

  it('streams an object of several parts, verified against the expected digest, and serves ranges of it', async () => {
    const bytes = randomBytes(12 * MiB + 123);
    const hex = sha256(bytes);
    const put = await store.put('big/object.bin', body(bytes), {
      expectedDigest: { algorithm: 'sha256', hex },
      size: bytes.length,
    });
    expect(put.digest).toBe(hex);
    const back = await bytesOf(await store.get('big/object.bin'));
    expect(back.length).toBe(bytes.length);
    expect(sha256(back)).toBe(hex);
    const range = { start: 5 * MiB - 10, end: 7 * MiB + 3 };
    // Buffer.equals: Jest's toEqual walks a large buffer byte by byte for tens of seconds.
    const part = await bytesOf(await store.get('big/object.bin', range));
    expect(part.length).toBe(range.end - range.start + 1);
    expect(part.equals(bytes.subarray(range.start, range.end + 1))).toBe(true);
  });

  it('computes the digest it is asked for', async () => {
    const bytes = Buffer.from('sha3 please');
    const hex = createHash('sha3-256').update(bytes).digest('hex');
    expect((await store.put('x', body(bytes), { algorithm: 'sha3-256' })).digest).toBe(hex);
    expect(
      (await store.put('y', body(bytes), { expectedDigest: { algorithm: 'sha3-256', hex } })).digest,
    ).toBe(hex);
  });

  it.each([
    ['one part', 1000],
    ['several parts', 11 * MiB],
  ])('stores nothing when the digest does not match (%s)', async (_label, length) => {
    const bytes = randomBytes(length);
    const wrong = sha256(Buffer.from('something else'));
    await expect(
      store.put('k/v', body(bytes), { expectedDigest: { algorithm: 'sha256', hex: wrong } }),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    expect(await store.exists('k/v')).toBe(false);
    expect(await allKeys(store)).toEqual([]);
  });

  it('refuses a body past the size limit, announced or not, and one shorter than announced', async () => {
    const bytes = randomBytes(6 * MiB);
    await expect(store.put('a', body(bytes), { size: bytes.length, maxBytes: MiB })).rejects.toBeInstanceOf(
      BlobTooLargeError,
    );
    await expect(store.put('a', body(bytes), { maxBytes: 5 * MiB })).rejects.toBeInstanceOf(
      BlobTooLargeError,
    );
    await expect(store.put('a', body(bytes), { size: bytes.length + 1 })).rejects.toBeInstanceOf(
      BlobSizeMismatchError,
    );
    expect(await allKeys(store)).toEqual([]);
  });

  it('leaves nothing behind when the body fails midway, and keeps the previous object', async () => {
    await store.put('kept', body(Buffer.from('before')));
    await expect(store.put('kept', brokenBody(randomBytes(7 * MiB)))).rejects.toThrow('client went away');
    await expect(store.put('other', brokenBody(randomBytes(100)))).rejects.toThrow('client went away');
    expect(await bytesOf(await store.get('kept'))).toEqual(Buffer.from('before'));
    expect(await allKeys(store)).toEqual(['kept']);
    const path = store.localPath('kept');
    if (path) expect(await readdir(join(path, '..'))).toEqual(['kept']);
  });

  it('replaces an object written again', async () => {
    await store.put('r', body(Buffer.from('one')));
    await store.put('r', body(Buffer.from('two!')));
    expect(await bytesOf(await store.get('r'))).toEqual(Buffer.from('two!'));
    expect((await store.stat('r'))?.size).toBe(4);
  });

  it('answers absence as null and false', async () => {
    expect(await store.get('nope/none')).toBeNull();
    expect(await store.stat('nope/none')).toBeNull();
    expect(await store.exists('nope/none')).toBe(false);
    expect(await store.delete('nope/none')).toBe(false);
  });

  it('deletes', async () => {
    await store.put('d/1', body(Buffer.from('x')));
    expect(await store.delete('d/1')).toBe(true);
    expect(await store.exists('d/1')).toBe(false);
    expect(await store.delete('d/1')).toBe(false);
  });

  it('lists by prefix, in key order, page by page', async () => {
    // No character that sorts before "/" beside one: S3 lists in byte order, s3rver in directory
    // order, and those agree only then (the platform's keys are hex digests under two-hex prefixes).
    const keys = ['a/1', 'a/2', 'a/3', 'a/sub/4', 'b/1', 'ab/5'];
    for (const key of keys) await store.put(key, body(Buffer.from(key)));
    expect(await allKeys(store)).toEqual([...keys].sort());
    expect(await allKeys(store, 'a/')).toEqual(['a/1', 'a/2', 'a/3', 'a/sub/4']);
    expect(await allKeys(store, 'a')).toEqual(['a/1', 'a/2', 'a/3', 'a/sub/4', 'ab/5']);
    const first = await store.list('a/', { limit: 3 });
    expect(first.items.map((i) => [i.key, i.size])).toEqual([
      ['a/1', 3],
      ['a/2', 3],
      ['a/3', 3],
    ]);
    expect(first.next).toBe('a/3');
    expect((await store.list('a/', { after: first.next })).items.map((i) => i.key)).toEqual(['a/sub/4']);
    expect(await store.list('zzz/')).toEqual({ items: [] });
  });

  it('refuses keys that could leave the store or differ between a disk and a bucket', async () => {
    for (const key of ['', '../x', 'a/../../x', '/abs', 'a//b', 'sp ace', 'a/./b']) {
      await expect(store.put(key, body(Buffer.from('x')))).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    await expect(store.get('../etc/passwd')).rejects.toBeInstanceOf(InvalidBlobKeyError);
  });

  it('presigns a download where the store can', async () => {
    await store.put('p/file.bin', body(Buffer.from('presigned bytes')));
    const url = await store.presignedGetUrl('p/file.bin', { expiresSeconds: 60, fileName: 'file.bin' });
    if (kind === 'local') {
      expect(url).toBeNull();
      return;
    }
    const answer = await fetch(url!);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).toString()).toBe('presigned bytes');
    expect(answer.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''file.bin");
  });
});

describe('stores in one bucket', () => {
  it('keep apart by prefix', async () => {
    const one = s3.store('apart/one/');
    const two = s3.store('apart/two/');
    await one.put('k', body(Buffer.from('1')));
    expect(await two.exists('k')).toBe(false);
    expect((await one.list('')).items.map((i) => i.key)).toEqual(['k']);
  });

  it('refuse an unknown access key, a wrong secret and an unsigned or tampered request', async () => {
    const good = s3.store('signed/');
    await good.put('k', body(Buffer.from('kept')));
    for (const [settings, code] of [
      [{ ...s3.settings, accessKeyId: 'NOT-A-KEY' }, 'InvalidAccessKeyId'],
      [{ ...s3.settings, secretAccessKey: `${s3.settings.secretAccessKey}x` }, 'SignatureDoesNotMatch'],
    ] as const) {
      const wrong = new S3BlobStore(s3.bucket, 'signed/', settings);
      await expect(wrong.put('k', body(Buffer.from('overwritten')))).rejects.toMatchObject({ name: code });
      await expect(wrong.get('k')).rejects.toMatchObject({ name: code });
      wrong.destroy();
    }
    const objectUrl = `${s3.endpoint}/${s3.bucket}/signed/k`;
    const anonymous = await fetch(objectUrl);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('<Code>AccessDenied</Code>');
    expect((await fetch(objectUrl, { method: 'PUT', body: 'overwritten' })).status).toBe(403);
    // A presigned URL is good for its own object only, and not once its signature is altered.
    const url = new URL((await good.presignedGetUrl('k', { expiresSeconds: 60 }))!);
    const signature = url.searchParams.get('X-Amz-Signature')!;
    url.searchParams.set('X-Amz-Signature', `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`);
    expect((await fetch(url)).status).toBe(403);
    url.searchParams.set('X-Amz-Signature', signature);
    expect((await fetch(url)).status).toBe(200);
    url.pathname = url.pathname.replace(/k$/, 'other');
    expect((await fetch(url)).status).toBe(403);
    expect(await bytesOf(await good.get('k'))).toEqual(Buffer.from('kept'));
  });
});

describe('the object store', () => {
  // Compose's apps reach it as http://objectstore:9000: a host name, which is not a bucket's.
  it('serves path-style requests addressed to any host name', async () => {
    const store = s3.store('named-host/');
    await store.put('k', body(Buffer.from('by name')));
    const { port } = new URL(s3.endpoint);
    const named = new S3BlobStore(s3.bucket, 'named-host/', {
      ...s3.settings,
      endpoint: `http://objectstore:${port}`,
    });
    // Presigning does not connect: the URL is signed for that host, then sent to 127.0.0.1 with it.
    const url = new URL((await named.presignedGetUrl('k'))!);
    named.destroy();
    const answer = await new Promise<{ status?: number; text: string }>((resolvePromise, reject) => {
      request(
        { host: '127.0.0.1', port, path: url.pathname + url.search, headers: { host: url.host } },
        async (res) => {
          let text = '';
          for await (const chunk of res) text += chunk;
          resolvePromise({ status: res.statusCode, text });
        },
      )
        .on('error', reject)
        .end();
    });
    expect(answer).toEqual({ status: 200, text: 'by name' });
  });
});

describe('openBlobStore', () => {
  const s3Settings = { region: 'us-east-1', forcePathStyle: true, partBytes: 8 * MiB, partsInFlight: 4 };

  it('answers the local directory when no URL is configured', () => {
    const store = openBlobStore({ s3: s3Settings }, 'runs', '/data/runs');
    expect(store).toBeInstanceOf(LocalBlobStore);
    expect(store.localPath('ab/cd.db')).toBe('/data/runs/ab/cd.db');
  });

  it('puts each kind of bytes under its own prefix of the bucket', () => {
    const store = openBlobStore({ url: 's3://team-bucket/sim/vault/', s3: s3Settings }, 'runs', '/data/runs');
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(store.description).toBe('s3://team-bucket/sim/vault/runs/');
    expect(parseS3Url('s3://b-1')).toEqual({ bucket: 'b-1', prefix: '' });
  });

  it('refuses what is not a store URL, saying why', () => {
    expect(() => openBlobStore({ url: 'http://x', s3: s3Settings }, 'runs', '/d')).toThrow(/neither unset/);
    expect(() => parseS3Url('s3://UPPER/x')).toThrow(/not s3:\/\/bucket\/prefix/);
  });
});
