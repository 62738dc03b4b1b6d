import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startS3Server, type TestS3Server } from '../../blobs/test/s3-server';
import { BufferStore, ChecksumMismatchError } from '../src/buffer-store';
import { startBuffersApp, type TestBuffersApp } from './buffers-app';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const body = (b: Buffer) => Readable.from([b]);

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/**
 * Buffers with an object store shared by replicas: two stores with their own directories (two
 * hosts) and one bucket of a real S3-protocol server (s3rver) on 127.0.0.1.
 */
describe('buffer stores sharing an object store', () => {
  let s3: TestS3Server;
  let root: string;
  let first: BufferStore;
  let second: BufferStore;
  const bucket = () => s3.store('team/buffers/');

  beforeAll(async () => {
    s3 = await startS3Server();
    root = mkdtempSync(join(tmpdir(), 'simvault-shared-buffers-'));
    first = await BufferStore.open({ dir: join(root, 'a'), shared: bucket() });
    second = await BufferStore.open({ dir: join(root, 'b'), shared: bucket() });
  });
  afterAll(async () => {
    await s3?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('puts each stored buffer in the bucket, and another replica reads it from there', async () => {
    const bytes = randomBytes(200_000);
    const cs = sha256(bytes);
    expect(await first.put(cs, body(bytes))).toEqual({ checksum: cs, length: bytes.length, created: true });
    expect(await bytesOf((await bucket().get(`${cs.slice(0, 2)}/${cs}`))!)).toEqual(bytes);

    const local = join(root, 'b', cs.slice(0, 2), cs);
    expect(existsSync(local)).toBe(false);
    expect(await second.length(cs)).toBe(bytes.length);
    // Fetched once, verified, into the replica's own directory.
    expect(existsSync(local)).toBe(true);
    expect(await bytesOf((await second.read(cs))!.stream)).toEqual(bytes);

    // A replica that lost its directory still has every buffer.
    rmSync(join(root, 'a'), { recursive: true, force: true });
    const again = await BufferStore.open({ dir: join(root, 'a'), shared: bucket() });
    expect(await bytesOf((await again.read(cs))!.stream)).toEqual(bytes);
    expect(await again.hasMany([cs, sha256(Buffer.from('never stored'))])).toEqual([true, false]);
  });

  it('keeps a bucket object that does not match its checksum out of the directory', async () => {
    const bytes = randomBytes(1000);
    const cs = sha256(bytes);
    await bucket().put(`${cs.slice(0, 2)}/${cs}`, [randomBytes(1000)]);
    await expect(second.read(cs)).rejects.toThrow(ChecksumMismatchError);
    expect(existsSync(join(root, 'b', cs.slice(0, 2), cs))).toBe(false);
  });

  it('removes a buffer from the bucket too, so no replica fetches it back', async () => {
    const bytes = randomBytes(5000);
    const cs = sha256(bytes);
    await first.put(cs, body(bytes));
    expect(await second.has(cs)).toBe(true);
    expect(await first.remove(cs)).toBe(true);
    expect(await bucket().exists(`${cs.slice(0, 2)}/${cs}`)).toBe(false);
    // The other replica's copy is its own: removed there, nothing brings it back.
    expect(await second.remove(cs)).toBe(true);
    expect(await second.has(cs)).toBe(false);
    expect(await first.has(cs)).toBe(false);
  });
});

/** The cache app's /buffers routes on two replicas (own data directories) configured with one bucket. */
describe.each(TEST_BACKENDS)('the /buffers routes of two replicas sharing a bucket, on %s', (backend) => {
  let s3: TestS3Server;
  let a: TestBuffersApp;
  let b: TestBuffersApp;

  beforeAll(async () => {
    s3 = await startS3Server();
    const env = s3.env(`team-${backend}`);
    a = await startBuffersApp(backend, env);
    b = await startBuffersApp(backend, env);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await s3?.close();
  });

  it('serves from one replica a buffer uploaded to the other', async () => {
    expect(a.config.buffers.dir).not.toBe(b.config.buffers.dir);
    const bytes = randomBytes(100_000);
    const cs = sha256(bytes);
    await a
      .http()
      .put(`/buffers/${cs}`)
      .set('X-Session-ID', await a.token({ privileges: ['write'] }))
      .set('Content-Type', 'application/octet-stream')
      .send(bytes)
      .expect(201);
    expect(await s3.store(`team-${backend}/buffers/`).exists(`${cs.slice(0, 2)}/${cs}`)).toBe(true);
    const got = await b
      .http()
      .get(`/buffers/${cs}`)
      .set('X-Session-ID', await b.token({ privileges: ['read'] }))
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect((got.body as Buffer).equals(bytes)).toBe(true);
  });
});
