import { createHash, randomBytes } from 'node:crypto';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { startS3Server, type TestS3Server } from '../../../libs/blobs/test/s3-server';
import { registerWithOutsideArtifact, startFilesPlatform, type FilesPlatform } from './platform';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * POST /artifacts/gc: uploaded artifacts that no indexed run names, stored longer ago than the
 * grace period, are deleted (a dry run lists them); those a run names stay. On the local artifact
 * directory and on a bucket of a real S3-protocol server (s3rver).
 */
describe.each(TEST_BACKENDS.flatMap((b) => [[b, 'local'] as const, [b, 's3'] as const]))(
  'artifact garbage collection on %s, store %s',
  (backend, kind) => {
    let p: FilesPlatform;
    let s3: TestS3Server | undefined;
    beforeAll(async () => {
      if (kind === 's3') s3 = await startS3Server();
      p = await startFilesPlatform(backend, { results: true, env: s3 ? s3.env(`gc-${backend}`) : {} });
    });
    afterAll(async () => {
      await p?.close();
      await s3?.close();
    });

    const upload = async (bytes: Buffer) => {
      const sha = sha256(bytes);
      await p
        .http()
        .put(`/artifacts/${sha}`)
        .set(p.as('user'))
        .set('Content-Type', 'application/octet-stream')
        .send(bytes)
        .expect(200);
      return sha;
    };
    const stored = async (sha: string) =>
      (await p.http().get(`/artifacts/${sha}`).set(p.as('user')).expect(200)).body.stored as boolean;
    const gc = (body: object, who: 'admin' | 'user' = 'admin') =>
      p.http().post('/artifacts/gc').set(p.as(who)).send(body);

    it('lists, then deletes, only the artifacts no indexed run names and older than the grace period', async () => {
      const namedBytes = randomBytes(5000);
      const named = await upload(namedBytes);
      await registerWithOutsideArtifact(p, 'gc-1', 'field.bin', namedBytes);
      const orphans = [randomBytes(3000), randomBytes(7000)];
      const unnamed = await Promise.all(orphans.map(upload));
      const expected = unnamed
        .map((sha, i) => ({ sha256: sha, size: orphans[i].length }))
        .sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));

      // The default grace period (24 h) protects what was just uploaded.
      const young = (await gc({ dry_run: false }).expect(200)).body;
      expect(young).toMatchObject({ dry_run: false, grace_hours: 24, count: 0, bytes: 0, artifacts: [] });

      const listed = (await gc({ grace_hours: 0 }).expect(200)).body;
      expect(listed).toMatchObject({ dry_run: true, grace_hours: 0, count: 2, bytes: 10_000 });
      expect(listed.artifacts).toEqual(expected);
      for (const sha of [named, ...unnamed]) expect(await stored(sha)).toBe(true);

      const deleted = (await gc({ grace_hours: 0, dry_run: false }).expect(200)).body;
      expect(deleted).toMatchObject({ dry_run: false, count: 2, bytes: 10_000 });
      expect(deleted.artifacts).toEqual(expected);
      expect(await stored(named)).toBe(true);
      for (const sha of unnamed) expect(await stored(sha)).toBe(false);
      // The named artifact still downloads through its run.
      const file = await p.http().get('/runs/gc-1/files/field.bin').set(p.as('readonly')).expect(200);
      expect(sha256(Buffer.from(file.body as Buffer))).toBe(named);

      const log = (await request(p.auth.getHttpServer()).get('/audit?limit=2').set(p.as('admin')).expect(200))
        .body.items as { action: string; target: string; actor: string }[];
      expect(log.map((e) => [e.actor, e.action, e.target]).sort()).toEqual(
        unnamed.map((sha) => ['admin', 'artifact.gc', sha]).sort(),
      );
      // Nothing left to collect.
      expect((await gc({ grace_hours: 0, dry_run: false }).expect(200)).body.count).toBe(0);
    });

    it('refuses a non-admin (403) and bad options (400), deleting nothing', async () => {
      const sha = await upload(randomBytes(100));
      const refused = await gc({ grace_hours: 0, dry_run: false }, 'user').expect(403);
      expect(JSON.stringify(refused.body)).toMatch(/admin/);
      const bad = await gc({ grace_hours: -1, dry_run: 'yes' }).expect(400);
      expect(JSON.stringify(bad.body)).toMatch(/grace_hours/);
      expect(await stored(sha)).toBe(true);
    });
  },
);
