import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { Response } from 'supertest';
import { startS3Server, type TestS3Server } from '../../../libs/blobs/test/s3-server';
import { ContentStore } from '../src/content/content-store';
import { startFilesPlatform, type FilesPlatform } from './platform';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const MAX_UPLOAD = 3 * 1024 * 1024;

/** Every buffer file the store holds (prefix layout). */
function buffers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name))
    .map((e) => e.name);
}

/** The error sentence of an answer read as bytes. */
const errorOf = (res: Response) => JSON.parse((res.body as Buffer).toString('utf8')).error as string;

const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};

/** The content store in its local directory, and in a bucket of a real S3-protocol server (s3rver). */
const STORES = TEST_BACKENDS.flatMap((backend) => [[backend, 'local'] as const, [backend, 's3'] as const]);

describe.each(STORES)('uploaded content on %s, store %s', (backend, kind) => {
  let p: FilesPlatform;
  let s3: TestS3Server | undefined;
  beforeAll(async () => {
    if (kind === 's3') s3 = await startS3Server();
    const env: Record<string, string> = { SIMVAULT_FILES_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) };
    if (s3) {
      Object.assign(env, s3.env(`team-${backend}`));
    }
    p = await startFilesPlatform(backend, { env });
  });
  afterAll(async () => {
    await p?.close();
    await s3?.close();
  });

  /** The checksums the content store holds: its directory, or its prefix of the bucket (and then the directory holds none). */
  const stored = async (): Promise<string[]> => {
    if (!s3) return buffers(p.config.files.contentDir);
    expect(buffers(p.config.files.contentDir)).toEqual([]);
    const page = await s3.store(`team-${backend}/files/`).list('');
    return page.items.map((item) => item.key.split('/').pop()!);
  };

  const upload = (query: string, body: Buffer | string, type = 'application/octet-stream') =>
    p.http().post(`/files/upload?${query}`).set(p.as('user')).set('Content-Type', type).send(body);
  const download = (id: string, headers: Record<string, string> = {}) =>
    p.http().get(`/files/${id}/content`).set(p.as('readonly')).set(headers).buffer(true).parse(binary);

  it('stores an upload in its content store and serves it back, streamed, with its type, length and ETag', async () => {
    const body = randomBytes(2 * 1024 * 1024 + 5);
    const res = await upload('name=field.bin&content_type=application/x-hdf5', body).expect(201);
    expect(res.body).toMatchObject({
      name: 'field.bin',
      size: body.length,
      is_folder: false,
      uri: null,
      checksum: sha256(body),
      content_type: 'application/x-hdf5',
      download: `/files/${res.body.id}/content`,
      deduplicated: false,
    });
    const got = await download(res.body.id).expect(200);
    expect(got.headers['content-type']).toBe('application/x-hdf5');
    expect(got.headers['content-length']).toBe(String(body.length));
    expect(got.headers.etag).toBe(`"${sha256(body)}"`);
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="field.bin"; filename*=UTF-8''field.bin`,
    );
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(sha256(got.body as Buffer)).toBe(sha256(body));

    const again = await download(res.body.id, { 'If-None-Match': `"${sha256(body)}"` }).expect(304);
    expect(again.body).toEqual(Buffer.alloc(0));
    await download(res.body.id, { 'If-None-Match': '"other", W/"' + sha256(body) + '"' }).expect(304);
    await download(res.body.id, { 'If-None-Match': '"other"' }).expect(200);
    const head = await p.http().head(`/files/${res.body.id}/content`).set(p.as('readonly')).expect(200);
    expect(head.headers['content-length']).toBe(String(body.length));
  });

  it('serves one byte range (206), and the whole content for what it does not take as a range', async () => {
    const body = randomBytes(100_000);
    const id = (await upload('name=ranged.bin', body).expect(201)).body.id;
    const first = await download(id, { Range: 'bytes=0-99' }).expect(206);
    expect(first.headers['content-range']).toBe('bytes 0-99/100000');
    expect(first.headers['content-length']).toBe('100');
    expect(first.headers['accept-ranges']).toBe('bytes');
    expect(first.body).toEqual(body.subarray(0, 100));
    const end = await download(id, { Range: 'bytes=99990-200000' }).expect(206);
    expect(end.headers['content-range']).toBe('bytes 99990-99999/100000');
    expect(end.body).toEqual(body.subarray(99990));
    // Several ranges, a malformed one, or an If-Range naming other content: the whole, with 200.
    for (const headers of [
      { Range: 'bytes=0-9,20-29' },
      { Range: 'bytes=9-0' },
      { Range: 'lines=1-2' },
      { Range: 'bytes=0-9', 'If-Range': '"another-version"' },
    ]) {
      const whole = await download(id, headers).expect(200);
      expect(whole.body).toEqual(body);
    }
    const past = await download(id, { Range: 'bytes=100000-' }).expect(416);
    expect(past.headers['content-range']).toBe('bytes */100000');
    expect(errorOf(past)).toBe('The range bytes=100000- lies outside the 100000 bytes of ranged.bin.');
  });

  it('takes a JSON file sent as application/json byte for byte, and keeps its type', async () => {
    const body = '{"temperature":  300,\n  "mesh": [1, 2] }';
    const res = await upload('name=params.json', body, 'application/json').expect(201);
    expect(res.body).toMatchObject({ checksum: sha256(body), content_type: 'application/json' });
    const got = await download(res.body.id).expect(200);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect((got.body as Buffer).toString('utf8')).toBe(body);
  });

  it('stores the same bytes once, however many files hold them', async () => {
    const body = Buffer.from(`shared bytes ${backend}`);
    const before = (await stored()).filter((b) => b === sha256(body)).length;
    expect(before).toBe(0);
    const first = await upload('name=copy-1.txt', body, 'text/plain').expect(201);
    const second = await upload(`name=copy-2.txt&checksum=${sha256(body)}`, body).expect(201);
    const dir = (
      await p.http().post('/files').set(p.as('user')).send({ name: 'dedup', is_folder: true }).expect(201)
    ).body;
    const third = await upload(`name=copy-1.txt&parent_id=${dir.id}`, body).expect(201);
    expect([first.body.deduplicated, second.body.deduplicated, third.body.deduplicated]).toEqual([
      false,
      true,
      true,
    ]);
    expect(new Set([first.body.checksum, second.body.checksum, third.body.checksum])).toEqual(
      new Set([sha256(body)]),
    );
    expect((await stored()).filter((b) => b === sha256(body))).toHaveLength(1);
    // The file manager's own store: the cache app's buffer store (where an admin may delete) has none.
    expect(p.config.files.contentDir).not.toBe(p.config.buffers.dir);
    expect(buffers(p.config.buffers.dir)).not.toContain(sha256(body));
    expect(first.body.content_type).toBe('text/plain');
    // Deleting one file leaves the bytes the others hold.
    await p.http().delete(`/files/${first.body.id}`).set(p.as('user')).expect(200);
    expect((await download(second.body.id).expect(200)).body.toString()).toBe(body.toString());
  });

  it('replaces the content of a file, and of a file that pointed at a URI', async () => {
    const file = await upload('name=replace-me.txt', 'old').expect(201);
    const replaced = await p
      .http()
      .put(`/files/${file.body.id}/content?content_type=text/csv`)
      .set(p.as('user'))
      .set('Content-Type', 'application/octet-stream')
      .send('a,b\n1,2\n')
      .expect(200);
    expect(replaced.body).toMatchObject({
      size: 8,
      checksum: sha256('a,b\n1,2\n'),
      content_type: 'text/csv',
    });
    expect((await download(file.body.id).expect(200)).body.toString()).toBe('a,b\n1,2\n');

    const pointer = (
      await p
        .http()
        .post('/files')
        .set(p.as('user'))
        .send({ name: 'pointer', uri: 's3://bucket/key', size: 5 })
        .expect(201)
    ).body;
    const refused = await download(pointer.id).expect(409);
    expect(errorOf(refused)).toBe('"pointer" points at s3://bucket/key; it holds no content here.');
    await p
      .http()
      .put(`/files/${pointer.id}/content`)
      .set(p.as('user'))
      .set('Content-Type', 'application/octet-stream')
      .send('bytes')
      .expect(200);
    expect((await p.http().get(`/files/${pointer.id}`).set(p.as('readonly')).expect(200)).body).toMatchObject(
      {
        uri: null,
        size: 5,
        checksum: sha256('bytes'),
      },
    );

    const empty = (await p.http().post('/files').set(p.as('user')).send({ name: 'empty-entry' }).expect(201))
      .body;
    expect(errorOf(await download(empty.id).expect(404))).toMatch(/holds no content yet/);
    const folder = (
      await p.http().post('/files').set(p.as('user')).send({ name: 'a-folder', is_folder: true }).expect(201)
    ).body;
    expect(errorOf(await download(folder.id).expect(400))).toMatch(/is a folder: download it as an archive/);
    const put = await p
      .http()
      .put(`/files/${folder.id}/content`)
      .set(p.as('user'))
      .set('Content-Type', 'application/octet-stream')
      .send('x');
    expect(put.status).toBe(400);
    await p
      .http()
      .put(`/files/${file.body.id}/content`)
      .set(p.as('other'))
      .set('Content-Type', 'application/octet-stream')
      .send('x')
      .expect(403);
  });

  it('refuses what it cannot keep exactly, and keeps nothing of it', async () => {
    const count = (await stored()).length;
    const mismatch = await upload(`name=liar.bin&checksum=${sha256('something else')}`, 'these bytes').expect(
      400,
    );
    expect(mismatch.body.error).toMatch(/digest is .*, not .*; nothing was stored/);
    const big = await upload('name=big.bin', Buffer.alloc(MAX_UPLOAD + 1)).expect(413);
    expect(big.body.error).toMatch(
      /more than the 3145728 bytes this store accepts \(SIMVAULT_FILES_MAX_UPLOAD_BYTES\)/,
    );
    await upload('name=bad%2Fname', 'x').expect(400);
    await upload('name=x&checksum=xyz', 'x').expect(400);
    await upload('name=x&parent_id=missing', 'x').expect(404);
    expect(await stored()).toHaveLength(count);
    await upload('name=liar.bin', 'fine now').expect(201);
    const taken = await upload('name=liar.bin', 'again').expect(409);
    expect(taken.body.error).toMatch(/already holds an entry named "liar.bin"/);
    expect(await stored()).toHaveLength(count + 1);
    await p
      .http()
      .post('/files/upload?name=ro.bin')
      .set(p.as('readonly'))
      .set('Content-Type', 'application/octet-stream')
      .send('x')
      .expect(403);
  });

  it('takes a content type only when it is a media type: no CR/LF, NUL or path in it', async () => {
    const before = (await p.http().get('/files').set(p.as('user')).expect(200)).body.total;
    for (const type of [
      'text/plain%0D%0AX-Evil:%201',
      'text/plain%0Ax',
      'text/pl%00ain',
      '../..',
      'a/../..',
      'text',
    ]) {
      const res = await upload(`name=typed.txt&content_type=${type}`, 'hello');
      expect([type, res.status, res.body.error]).toEqual([
        type,
        400,
        expect.stringMatching(/content_type must be a media type|contains a NUL character/),
      ]);
    }
    const file = await upload('name=typed.txt&content_type=text/plain;%20charset=utf-8', 'hello').expect(201);
    expect(file.body.content_type).toBe('text/plain; charset=utf-8');
    const replaced = await p
      .http()
      .put(`/files/${file.body.id}/content?content_type=..%2F..`)
      .set(p.as('user'))
      .set('Content-Type', 'application/octet-stream')
      .send('again');
    expect([replaced.status, replaced.body.error]).toEqual([
      400,
      expect.stringMatching(/content_type must be/),
    ]);
    const pointer = await p
      .http()
      .post('/files')
      .set(p.as('user'))
      .send({ name: 'pointer.txt', uri: 'https://example.org/a.txt', content_type: 'text/plain\r\nX: 1' });
    expect([pointer.status, pointer.body.error]).toEqual([
      400,
      expect.stringMatching(/content_type must be/),
    ]);
    // A Content-Type header that is no media type is not kept either: the name decides.
    const header = await upload('name=typed.csv', 'a,b', '../..; x=1').expect(201);
    expect(header.body.content_type).toBeNull();
    expect((await p.http().get('/files').set(p.as('user')).expect(200)).body.total).toBe(before + 2);
  });

  it('gives a verified download: a stored buffer that rotted is never served whole', async () => {
    const body = randomBytes(300_000);
    const file = await upload('name=rot.bin', body).expect(201);
    const cs = sha256(body);
    const rotten = Buffer.concat([body.subarray(0, -1), Buffer.from([body[body.length - 1] ^ 1])]);
    if (s3) await s3.store(`team-${backend}/files/`).put(`${cs.slice(0, 2)}/${cs}`, [rotten]);
    else writeFileSync(join(p.config.files.contentDir, cs.slice(0, 2), cs), rotten);
    // The last chunk is held back until the bytes are verified: the transfer ends short (or fails).
    const received = await download(file.body.id).then(
      (res) => (res.body as Buffer).length,
      () => 0,
    );
    expect(received).toBeLessThan(body.length);
  });

  it('clears uploads a crash left half-spooled, and only those', async () => {
    const spool = join(p.config.dataDir, 'files-uploads');
    mkdirSync(spool, { recursive: true });
    const stale = join(spool, 'crashed.part');
    const fresh = join(spool, 'in-progress.part');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'y');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    await p.files.get(ContentStore).onApplicationBootstrap();
    expect([existsSync(stale), existsSync(fresh)]).toEqual([false, true]);
  });
});
