import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { Response } from 'supertest';
import { startS3Server, type TestS3Server } from '../../../libs/blobs/test/s3-server';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};

/**
 * GET /results/{id}/run-file serves byte ranges (so that `simvault pull` resumes a cut download),
 * from a local run store and from an object store (a real S3-protocol server, s3rver), each range
 * checked against a slice of the stored file read from disk.
 */
describe.each(TEST_BACKENDS.flatMap((b) => [[b, 'local'] as const, [b, 's3'] as const]))(
  'ranged run-file downloads on %s, store %s',
  (backend, kind) => {
    let p: ResultsPlatform;
    let s3: TestS3Server | undefined;
    let whole: Buffer;
    let checksum: string;
    let storedAt: string;

    beforeAll(async () => {
      const env: Record<string, string> = {};
      if (kind === 's3') {
        s3 = await startS3Server();
        Object.assign(env, s3.env(`team-${backend}`));
      }
      p = await startResultsPlatform(backend, env);
      p.sim2lRun(thermalRun('ranged-1', { temperature: 300 }));
      await p
        .http()
        .post('/register')
        .set({ 'X-Session-ID': p.tokens.user })
        .send({ execution_id: 'ranged-1', squid_id: null, metadata: null })
        .expect(200);
      const result = (await p.http().get('/results/ranged-1').set(as()).expect(200)).body;
      checksum = result.run_file.checksum as string;
      storedAt = result.run_db_path as string;
      whole = readFileSync(storedAt);
      expect(sha256(whole)).toBe(checksum);
    });
    afterAll(async () => {
      await p?.close();
      await s3?.close();
    });

    const as = () => ({ 'X-Session-ID': p.tokens.readonly });
    const get = (headers: Record<string, string> = {}) =>
      p.http().get('/results/ranged-1/run-file').set(as()).set(headers).buffer(true).parse(binary);

    it('answers the whole file with Accept-Ranges and its sha256 as the ETag', async () => {
      const res = await get().expect(200);
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['etag']).toBe(`"${checksum}"`);
      expect(res.headers['content-length']).toBe(String(whole.length));
      expect((res.body as Buffer).equals(whole)).toBe(true);
      await get({ 'If-None-Match': `"${checksum}"` }).expect(304);
    });

    it('answers one byte range with 206 and Content-Range', async () => {
      const size = whole.length;
      for (const [header, start, end] of [
        ['bytes=100-199', 100, 199],
        ['bytes=4096-', 4096, size - 1],
        [`bytes=${size - 1}-${size + 1000}`, size - 1, size - 1],
        ['bytes=-37', size - 37, size - 1],
      ] as const) {
        const res = await get({ Range: header }).expect(206);
        expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
        expect((res.body as Buffer).equals(whole.subarray(start, end + 1))).toBe(true);
      }
      // A replica without a local copy fetches it from the bucket, then serves the range.
      if (kind === 's3') {
        rmSync(storedAt, { force: true });
        const res = await get({ Range: 'bytes=10-20' }).expect(206);
        expect((res.body as Buffer).equals(whole.subarray(10, 21))).toBe(true);
      }
    });

    it('refuses a range past the end with 416 and a sentence; several ranges or a stale If-Range get the whole file', async () => {
      const res = await p
        .http()
        .get('/results/ranged-1/run-file')
        .set(as())
        .set('Range', `bytes=${whole.length}-`)
        .expect(416);
      expect(res.headers['content-range']).toBe(`bytes */${whole.length}`);
      expect(res.body.error).toBe(
        `The range bytes=${whole.length}- lies outside the ${whole.length} bytes of ranged-1.db.`,
      );
      for (const headers of [{ Range: 'bytes=0-9,20-29' }, { Range: 'bytes=5-', 'If-Range': '"other"' }]) {
        const all = await get(headers).expect(200);
        expect((all.body as Buffer).equals(whole)).toBe(true);
      }
    });
  },
);

/** SIMVAULT_BLOB_REDIRECT_BYTES: a large run file in a bucket is a 302 to it, and the bucket serves the range. */
describe.each(TEST_BACKENDS)('a run-file download redirected to the object store, on %s', (backend) => {
  let p: ResultsPlatform;
  let s3: TestS3Server;
  beforeAll(async () => {
    s3 = await startS3Server();
    p = await startResultsPlatform(backend, {
      ...s3.env(`redirect-${backend}`),
      SIMVAULT_BLOB_REDIRECT_BYTES: '1',
    });
  });
  afterAll(async () => {
    await p?.close();
    await s3?.close();
  });

  it('redirects to a presigned URL that serves a range of the same bytes', async () => {
    p.sim2lRun(thermalRun('redirected-1', { temperature: 301 }));
    await p
      .http()
      .post('/register')
      .set({ 'X-Session-ID': p.tokens.user })
      .send({ execution_id: 'redirected-1', squid_id: null, metadata: null })
      .expect(200);
    const result = (await p.http().get('/results/redirected-1').set({ 'X-Session-ID': p.tokens.readonly }))
      .body;
    const whole = readFileSync(result.run_db_path as string);
    const res = await p
      .http()
      .get('/results/redirected-1/run-file')
      .set({ 'X-Session-ID': p.tokens.readonly })
      .set('Range', 'bytes=64-')
      .expect(302);
    const location = res.headers.location as string;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/redirect-${backend}/runs/`)).toBe(true);
    const ranged = await fetch(location, { headers: { range: 'bytes=64-' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(whole.subarray(64))).toBe(true);
  });
});
