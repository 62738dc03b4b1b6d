import { createHash, randomBytes } from 'node:crypto';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { Response } from 'supertest';
import { startS3Server, type TestS3Server } from '../../../libs/blobs/test/s3-server';
import { registerWithOutsideArtifact, startFilesPlatform, type FilesPlatform } from './platform';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const THRESHOLD = 100_000;
const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};

/**
 * SIMVAULT_BLOB_REDIRECT_BYTES: large downloads from a bucket answer 302 to a presigned URL of the
 * object (a real S3-protocol server, s3rver, on 127.0.0.1); smaller ones, HEAD, and a local
 * directory stream through the app as before.
 */
describe.each(TEST_BACKENDS.flatMap((b) => [[b, 's3'] as const, [b, 'local'] as const]))(
  'downloads redirected to the object store on %s, store %s',
  (backend, kind) => {
    let p: FilesPlatform;
    let s3: TestS3Server | undefined;
    beforeAll(async () => {
      const env: Record<string, string> = { SIMVAULT_BLOB_REDIRECT_BYTES: String(THRESHOLD) };
      if (kind === 's3') {
        s3 = await startS3Server();
        Object.assign(env, s3.env(`team-${backend}`));
      }
      p = await startFilesPlatform(backend, { results: true, env });
    });
    afterAll(async () => {
      await p?.close();
      await s3?.close();
    });

    const get = (path: string) => p.http().get(path).set(p.as('readonly')).buffer(true).parse(binary);
    /** GET, following a redirect the way a client does; answers the status first seen and the bytes. */
    const download = async (path: string): Promise<{ status: number; bytes: Buffer; location?: string }> => {
      const res = await get(path);
      if (res.status !== 302) return { status: res.status, bytes: res.body as Buffer };
      const location = res.headers.location as string;
      const followed = await fetch(location);
      expect(followed.status).toBe(200);
      return { status: 302, bytes: Buffer.from(await followed.arrayBuffer()), location };
    };

    it("sends a large file's content from the bucket, a small one through the app", async () => {
      const small = randomBytes(THRESHOLD - 1);
      const large = randomBytes(THRESHOLD);
      const upload = async (name: string, body: Buffer) =>
        (
          await p
            .http()
            .post(`/files/upload?name=${name}`)
            .set(p.as('user'))
            .set('Content-Type', 'application/octet-stream')
            .send(body)
            .expect(201)
        ).body.id as string;
      const smallId = await upload('small.bin', small);
      const largeId = await upload('large.bin', large);

      const a = await download(`/files/${smallId}/content`);
      expect(a.status).toBe(200);
      expect(a.bytes.equals(small)).toBe(true);
      const b = await download(`/files/${largeId}/content`);
      expect(b.bytes.equals(large)).toBe(true);
      if (s3) {
        expect(b.status).toBe(302);
        expect(b.location!.startsWith(`${s3.endpoint}/${s3.bucket}/team-${backend}/files/`)).toBe(true);
      } else {
        expect(b.status).toBe(200);
      }
      // HEAD still answers here, with the length.
      const head = await p.http().head(`/files/${largeId}/content`).set(p.as('readonly')).expect(200);
      expect(head.headers['content-length']).toBe(String(large.length));
    });

    it('sends a large carried artifact from the bucket', async () => {
      const bytes = randomBytes(THRESHOLD + 10);
      await registerWithOutsideArtifact(p, 'exec-redirect', 'big.bin', bytes);
      await p
        .http()
        .put(`/artifacts/${sha256(bytes)}`)
        .set(p.as('user'))
        .set('Content-Type', 'application/octet-stream')
        .send(bytes)
        .expect(200);
      const got = await download('/runs/exec-redirect/files/big.bin');
      expect(got.status).toBe(s3 ? 302 : 200);
      expect(got.bytes.equals(bytes)).toBe(true);
    });
  },
);
