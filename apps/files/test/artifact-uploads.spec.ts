import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { Response } from 'supertest';
import { startS3Server, type TestS3Server } from '../../../libs/blobs/test/s3-server';
import { tarNames, unpack } from './archives';
import {
  indexed,
  register,
  registerWithOutsideArtifact,
  startFilesPlatform,
  writeRun,
  type FilesPlatform,
} from './platform';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};

/** The artifact store in its local directory, and in a bucket of a real S3-protocol server (s3rver). */
const STORES = TEST_BACKENDS.flatMap((backend) => [[backend, 'local'] as const, [backend, 's3'] as const]);

describe.each(STORES)(
  "a run's external artifacts carried by the platform on %s, store %s",
  (backend, kind) => {
    let p: FilesPlatform;
    let s3: TestS3Server | undefined;
    beforeAll(async () => {
      if (kind === 's3') s3 = await startS3Server();
      const env: Record<string, string> = s3 ? s3.env(`team-${backend}`) : {};
      p = await startFilesPlatform(backend, { results: true, env });
    });
    afterAll(async () => {
      await p?.close();
      await s3?.close();
    });

    /** Where the store keeps an artifact's bytes: the bucket (and not the local directory) with s3. */
    const expectKept = async (bytes: Buffer) => {
      const sha = sha256(bytes);
      const local = join(p.config.files.artifactDir, sha.slice(0, 2), sha);
      if (!s3) {
        expect(readFileSync(local).equals(bytes)).toBe(true);
        return;
      }
      expect(existsSync(local)).toBe(false);
      const object = await s3.store(`team-${backend}/artifacts/`).get(`${sha.slice(0, 2)}/${sha}`);
      const chunks: Buffer[] = [];
      for await (const chunk of object!) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    };

    const get = (path: string) => p.http().get(path).set(p.as('readonly')).buffer(true).parse(binary);
    const put = (sha: string, body: Buffer, range?: string) => {
      const req = p
        .http()
        .put(`/artifacts/${sha}`)
        .set(p.as('user'))
        .set('Content-Type', 'application/octet-stream');
      if (range) req.set('Content-Range', range);
      return req.send(body);
    };
    const state = async (sha: string) =>
      (await p.http().get(`/artifacts/${sha}`).set(p.as('user')).expect(200)).body;

    it('takes in an external artifact of a run root when the run is registered: deleting the original breaks nothing', async () => {
      const bytes = randomBytes(300_000);
      const original = join(p.runRoot, 'shared-mesh.bin');
      writeFileSync(original, bytes);
      await writeRun(p, 'exec-root', [{ name: 'mesh/shared-mesh.bin', externalPath: original }]);
      await register(p, 'exec-root');
      await indexed(p, 'exec-root');
      expect(await state(sha256(bytes))).toEqual({
        sha256: sha256(bytes),
        stored: true,
        size: bytes.length,
        offset: bytes.length,
        created: false,
      });
      await expectKept(bytes);
      rmSync(original);
      const res = await get('/runs/exec-root/files/mesh/shared-mesh.bin').expect(200);
      expect((res.body as Buffer).equals(bytes)).toBe(true);
      const tar = await get('/runs/exec-root/export').expect(200);
      expect(tar.headers['x-export-skipped']).toBe('0');
      expect(tarNames(tar.body as Buffer)).toContain('exec-root/mesh/shared-mesh.bin');
      expect(unpack(tar.body as Buffer, 'tar').files['exec-root/mesh/shared-mesh.bin'].equals(bytes)).toBe(
        true,
      );
    });

    it('serves an external artifact from outside the run roots once its bytes are uploaded under their sha256', async () => {
      const bytes = randomBytes(200_000);
      const elsewhere = await registerWithOutsideArtifact(p, 'exec-up', 'elsewhere.bin', bytes);
      await get('/runs/exec-up/files/elsewhere.bin').expect(409);
      const sha = sha256(bytes);
      expect((await state(sha)).stored).toBe(false);

      // Bytes that are not the digest's are refused and leave nothing.
      const wrong = await put(sha, randomBytes(1000)).expect(400);
      expect(wrong.body.error).toMatch(/digest is [0-9a-f]{64}, not/);
      expect(await state(sha)).toMatchObject({ stored: false, offset: 0 });

      expect((await put(sha, bytes).expect(200)).body).toEqual({
        sha256: sha,
        stored: true,
        size: bytes.length,
        offset: bytes.length,
        created: true,
      });
      // Sent again, or with no body at all: stored once, nothing written.
      expect((await put(sha, bytes).expect(200)).body).toMatchObject({ stored: true, created: false });
      expect((await put(sha, Buffer.alloc(0)).expect(200)).body).toMatchObject({
        stored: true,
        created: false,
      });

      await expectKept(bytes);
      rmSync(elsewhere);
      const res = await get('/runs/exec-up/files/elsewhere.bin').expect(200);
      expect(res.headers.etag).toBe(`"${sha}"`);
      expect((res.body as Buffer).equals(bytes)).toBe(true);
      const range = await p
        .http()
        .get('/runs/exec-up/files/elsewhere.bin')
        .set(p.as('readonly'))
        .set('Range', 'bytes=100-199')
        .buffer(true)
        .parse(binary)
        .expect(206);
      expect((range.body as Buffer).equals(bytes.subarray(100, 200))).toBe(true);
    });

    it("reads a run's inline artifacts, and indexes it again, with the run store's directory gone: from the bucket with s3", async () => {
      const bytes = randomBytes(50_000);
      await writeRun(p, 'exec-inline', [{ name: 'field.bin', data: bytes }]);
      const { checksum } = await register(p, 'exec-inline');
      await indexed(p, 'exec-inline');
      // This host loses its copy of the run store (as a files replica on another host starts without one).
      rmSync(p.config.results.runStoreDir, { recursive: true, force: true });
      const res = await get('/runs/exec-inline/files/field.bin');
      const reindex = await p.http().post('/runs/exec-inline/index').set(p.as('user')).send({ checksum });
      if (!s3) {
        expect([res.status, reindex.status]).toEqual([404, 404]);
        return;
      }
      expect(res.status).toBe(200);
      expect((res.body as Buffer).equals(bytes)).toBe(true);
      expect(reindex.status).toBe(200);
      expect(reindex.body).toMatchObject({ checksum, artifacts: 1 });
    });

    it('resumes an upload in Content-Range parts from the offset received, and verifies the whole', async () => {
      const bytes = randomBytes(250_000);
      const sha = sha256(bytes);
      const total = bytes.length;
      const part = (first: number, last: number) =>
        put(sha, bytes.subarray(first, last + 1), `bytes ${first}-${last}/${total}`);
      expect((await part(0, 99_999).expect(200)).body).toEqual({
        sha256: sha,
        stored: false,
        size: null,
        offset: 100_000,
        created: false,
      });
      // A client that lost track asks, and a part from the wrong place is refused with the offset.
      expect((await state(sha)).offset).toBe(100_000);
      const gap = await part(150_000, 199_999).expect(409);
      expect(gap.body).toMatchObject({ details: { offset: 100_000 } });
      expect(gap.body.error).toMatch(/send the part that starts at byte 100000/);
      // A body shorter than its range keeps what arrived and says where to resume.
      const short = await put(sha, bytes.subarray(100_000, 120_000), `bytes 100000-149999/${total}`).expect(
        400,
      );
      expect(short.body).toMatchObject({ details: { offset: 120_000 } });
      await part(120_000, 199_999).expect(200);
      expect((await part(200_000, total - 1).expect(200)).body).toEqual({
        sha256: sha,
        stored: true,
        size: total,
        offset: total,
        created: true,
      });
      await expectKept(bytes);

      // Parts that add up to other bytes are refused at the end, and the upload starts again.
      const other = randomBytes(2000);
      const claimed = sha256(randomBytes(10));
      await put(claimed, other.subarray(0, 1000), 'bytes 0-999/2000').expect(200);
      const bad = await put(claimed, other.subarray(1000), 'bytes 1000-1999/2000').expect(400);
      expect(bad.body.error).toMatch(/do not hash to/);
      expect(await state(claimed)).toMatchObject({ stored: false, offset: 0 });
    });

    it('answers bad digests, ranges and sizes with a sentence', async () => {
      expect((await p.http().get('/artifacts/xyz').set(p.as('user')).expect(400)).body.error).toMatch(
        /64 hexadecimal/,
      );
      const sha = sha256('x');
      for (const range of ['bytes 0-9', 'bytes 5-1/10', 'bytes 0-10/10', 'items 0-1/2']) {
        const res = await put(sha, Buffer.from('x'), range).expect(400);
        expect(res.body.error).toMatch(/Content-Range/);
      }
      const huge = await put(sha, Buffer.from('x'), `bytes 0-0/${20 * 1024 ** 4}`).expect(413);
      expect(huge.body.error).toMatch(/SIMVAULT_FILES_MAX_UPLOAD_BYTES/);
    });
  },
);
