import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { Response } from 'supertest';
import { unpack, tarNames } from './archives';
import { indexed, register, startFilesPlatform, writeRun, type FilesPlatform } from './platform';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};
const errorOf = (res: Response) => JSON.parse((res.body as Buffer).toString('utf8')).error as string;

describe.each(TEST_BACKENDS)('run artifacts on %s', (backend) => {
  let p: FilesPlatform;
  // A few MB prove streaming: the server never holds an artifact whole (the bytes come from pages).
  const big = randomBytes(4 * 1024 * 1024 + 123);
  const csv = 'x,y\n1,2\n';
  let external: string;
  let outside: string;
  beforeAll(async () => {
    p = await startFilesPlatform(backend, { results: true });
    external = join(p.runRoot, 'mesh.vtk');
    writeFileSync(external, 'mesh bytes');
    outside = join(p.db.dir, 'outside.txt');
    writeFileSync(outside, 'not for download');
  });
  afterAll(() => p.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    p.http().get(path).set(p.as('readonly')).set(headers).buffer(true).parse(binary);

  it("indexes a run's artifacts when the results service registers it, and lists them", async () => {
    await writeRun(p, 'exec-a', [
      {
        name: 'field.bin',
        data: big,
        options: { category: 'data', contentType: 'application/octet-stream' },
      },
      { name: 'summary.csv', data: csv, options: { category: 'output' } },
      { name: 'plots/fig 1.png', data: 'png!', options: { category: 'plot', contentType: 'image/png' } },
      { name: 'mesh.vtk', externalPath: external, options: { category: 'input' } },
      { name: 'secret.txt', externalPath: outside },
    ]);
    const registered = await register(p, 'exec-a');
    const run = await indexed(p, 'exec-a');
    expect(run).toMatchObject({
      execution_id: 'exec-a',
      simulation_name: 'thermal_sim',
      simulation_version: '1.0.0',
      checksum: registered.checksum,
      artifact_count: 5,
      indexed_by: 'run-registered',
    });
    const byName = Object.fromEntries(run.files.map((f: { name: string }) => [f.name, f]));
    expect(byName['field.bin']).toMatchObject({
      size: big.length,
      category: 'data',
      content_type: 'application/octet-stream',
      sha256: sha256(big),
      storage: 'inline',
    });
    expect(byName['summary.csv']).toMatchObject({
      size: 8,
      category: 'output',
      content_type: null,
      sha256: sha256(csv),
    });
    expect(byName['mesh.vtk']).toMatchObject({
      size: 10,
      storage: 'external',
      external_path: external,
      sha256: sha256('mesh bytes'),
    });
    expect(byName['plots/fig 1.png'].download).toBe(
      `/runs/exec-a/files/plots/fig%201.png?id=${byName['plots/fig 1.png'].id}`,
    );
  });

  it('streams an artifact from the run file with Content-Type, Content-Length and its sha256 as ETag', async () => {
    const res = await get('/runs/exec-a/files/field.bin').expect(200);
    expect(res.headers['content-length']).toBe(String(big.length));
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers.etag).toBe(`"${sha256(big)}"`);
    expect(sha256(res.body as Buffer)).toBe(sha256(big));
    await get('/runs/exec-a/files/field.bin', { 'If-None-Match': `"${sha256(big)}"` }).expect(304);

    const table = await get('/runs/exec-a/files/summary.csv').expect(200);
    expect(table.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((table.body as Buffer).toString()).toBe(csv);
    const png = await get('/runs/exec-a/files/plots/fig%201.png').expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toMatch(/filename="fig 1.png"/);
    const mesh = await get('/runs/exec-a/files/mesh.vtk').expect(200);
    expect((mesh.body as Buffer).toString()).toBe('mesh bytes');
  });

  it('serves byte ranges of an inline and of an external artifact (206), to resume a download', async () => {
    const middle = await get('/runs/exec-a/files/field.bin', { Range: 'bytes=1000000-2999999' }).expect(206);
    expect(middle.headers['content-range']).toBe(`bytes 1000000-2999999/${big.length}`);
    expect(middle.headers['content-length']).toBe('2000000');
    expect((middle.body as Buffer).equals(big.subarray(1000000, 3000000))).toBe(true);
    // The rest of the file from where a cut-off transfer stopped, as curl -C - asks for it.
    const rest = await get('/runs/exec-a/files/field.bin', {
      Range: `bytes=${big.length - 5}-`,
      'If-Range': `"${sha256(big)}"`,
    }).expect(206);
    expect((rest.body as Buffer).equals(big.subarray(big.length - 5))).toBe(true);
    const tail = await get('/runs/exec-a/files/mesh.vtk', { Range: 'bytes=-5' }).expect(206);
    expect(tail.headers['content-range']).toBe('bytes 5-9/10');
    expect((tail.body as Buffer).toString()).toBe('bytes');
    const past = await get('/runs/exec-a/files/mesh.vtk', { Range: 'bytes=10-' }).expect(416);
    expect(past.headers['content-range']).toBe('bytes */10');
    expect(errorOf(past)).toBe('The range bytes=10- lies outside the 10 bytes of mesh.vtk.');
  });

  it('serves an external file only from under a run root, and says why not otherwise', async () => {
    const res = await get('/runs/exec-a/files/secret.txt').expect(409);
    expect(errorOf(res)).toMatch(
      /outside the platform .* not uploaded with the run .* nor under a run root \(SIMVAULT_RUN_ROOTS\)/,
    );
    expect(errorOf(await get('/runs/exec-a/files/nope.txt').expect(404))).toMatch(
      /has no artifact named "nope.txt"/,
    );
    expect(errorOf(await get('/runs/exec-zz/files').expect(404))).toMatch(/is not indexed here/);
    await get('/runs/..%2F..%2Fetc/files').expect(404);
  });

  it('keeps every artifact of a name apart by id; the name alone is the latest', async () => {
    await writeRun(p, 'exec-dup', [
      { name: 'out.txt', data: 'first' },
      { name: 'out.txt', data: 'second' },
    ]);
    await register(p, 'exec-dup');
    const run = await indexed(p, 'exec-dup');
    const [first, second] = run.files;
    expect((await get('/runs/exec-dup/files/out.txt').expect(200)).body.toString()).toBe('second');
    expect((await get(`/runs/exec-dup/files/out.txt?id=${first.id}`).expect(200)).body.toString()).toBe(
      'first',
    );
    expect(second.id).toBeGreaterThan(first.id);
    const tar = await get('/runs/exec-dup/export').expect(200);
    expect(
      Object.values(unpack(tar.body as Buffer, 'tar').files)
        .map(String)
        .sort(),
    ).toEqual(['first', 'second']);
  });

  it('lists the files of every run of a simulation version, paged', async () => {
    await writeRun(p, 'exec-b', [{ name: 'b.txt', data: 'b' }], ['thermal_sim', '2.0.0']);
    await writeRun(
      p,
      'exec-c',
      [
        { name: 'c1.txt', data: 'c' },
        { name: 'c2.txt', data: 'cc' },
      ],
      ['thermal_sim', '2.0.0'],
    );
    await register(p, 'exec-b');
    await register(p, 'exec-c');
    await indexed(p, 'exec-b');
    await indexed(p, 'exec-c');
    const all = (await p.http().get('/simulations/thermal_sim/2.0.0/files').set(p.as('readonly')).expect(200))
      .body;
    expect(all.total).toBe(3);
    expect(
      all.items.map((f: { execution_id: string; name: string }) => `${f.execution_id}/${f.name}`),
    ).toEqual(['exec-b/b.txt', 'exec-c/c1.txt', 'exec-c/c2.txt']);
    const page = (
      await p
        .http()
        .get('/simulations/thermal_sim/2.0.0/files?limit=1&offset=2')
        .set(p.as('readonly'))
        .expect(200)
    ).body;
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 2, items: [{ name: 'c2.txt', size: 2 }] });
    expect(
      (await p.http().get('/simulations/nothing/0/files').set(p.as('readonly')).expect(200)).body.total,
    ).toBe(0);
  });

  it("indexes on demand from the platform's stored run file, and refuses what is not one", async () => {
    const store = p.config.results.runStoreDir;
    // A run file in the store that this service never heard of (as if registered before it existed).
    const path = await writeRun(p, 'exec-quiet', [{ name: 'q.txt', data: 'quiet' }]);
    const cs = sha256(readFileSync(path));
    mkdirSync(join(store, cs.slice(0, 2)), { recursive: true });
    copyFileSync(path, join(store, cs.slice(0, 2), `${cs}.db`));
    const index = (id: string, body: object) =>
      p.http().post(`/runs/${id}/index`).set(p.as('user')).send(body);

    const unknown = await index('exec-quiet', {}).expect(404);
    expect(unknown.body.error).toMatch(
      /has not indexed run exec-quiet yet: give the checksum of its run file/,
    );
    const done = await index('exec-quiet', { checksum: cs.toUpperCase() }).expect(200);
    expect(done.body).toMatchObject({
      execution_id: 'exec-quiet',
      checksum: cs,
      artifacts: 1,
      total_size: 5,
      skipped: 0,
    });
    expect((await get('/runs/exec-quiet/files/q.txt').expect(200)).body.toString()).toBe('quiet');
    const again = await index('exec-quiet', {}).expect(200);
    expect(again.body.artifacts).toBe(1);
    expect((await indexed(p, 'exec-quiet')).indexed_by).toBe('usr');

    expect((await index('exec-a', { checksum: cs }).expect(400)).body.error).toMatch(
      /holds run "exec-quiet", not exec-a/,
    );
    expect((await index('exec-quiet', { checksum: 'ab'.repeat(32) }).expect(404)).body.error).toMatch(
      /holds no run file/,
    );
    expect((await index('exec-quiet', { checksum: 'xyz' }).expect(400)).body.error).toMatch(
      /checksum must be 64 hexadecimal/,
    );
    await index('bad id!', { checksum: cs }).expect(400);
    await p.http().post('/runs/exec-quiet/index').set(p.as('readonly')).send({}).expect(403);
  });

  it('computes a missing content_hash from the bytes, and never serves bytes that changed since', async () => {
    const path = await writeRun(p, 'exec-rot', [{ name: 'rot.bin', data: big }]);
    const db = new Database(path);
    db.prepare('UPDATE artifacts SET content_hash = NULL').run();
    // The update rewrote the row; without this the old copy of the bytes would linger in free pages.
    db.exec('VACUUM');
    db.close();
    const registered = await register(p, 'exec-rot');
    const run = await indexed(p, 'exec-rot');
    expect(run.files[0].sha256).toBe(sha256(big));
    // Bit rot in the platform's copy: one byte of the artifact flipped.
    const stored = readFileSync(registered.run_file);
    const at = stored.indexOf(big.subarray(1_000_000, 1_000_064));
    expect(at).toBeGreaterThan(0);
    stored[at] ^= 0xff;
    writeFileSync(registered.run_file, stored);
    const received = await get('/runs/exec-rot/files/rot.bin').then(
      (res) => (res.body as Buffer).length,
      () => 0,
    );
    expect(received).toBeLessThan(big.length);
  });

  it('exports a run as a tar or a zip under its execution id, never outside it', async () => {
    await writeRun(p, 'exec-x', [
      { name: '../../escape.txt', data: 'up' },
      { name: '/etc/passwd', data: 'abs' },
      { name: 'a\u0001b.txt', data: 'ctl' },
      { name: 'dir/inner.txt', data: 'in' },
      { name: 'dir', data: 'file named like a folder' },
      { name: 'gone.txt', externalPath: outside },
    ]);
    await register(p, 'exec-x');
    await indexed(p, 'exec-x');
    for (const format of ['tar', 'zip'] as const) {
      const res = await get(`/runs/exec-x/export?format=${format}`).expect(200);
      expect(res.headers['content-type']).toBe(format === 'tar' ? 'application/x-tar' : 'application/zip');
      expect(res.headers['content-length']).toBe(String((res.body as Buffer).length));
      expect(res.headers['x-export-files']).toBe('5');
      expect(res.headers['x-export-skipped']).toBe('1');
      const { files } = unpack(res.body as Buffer, format);
      const names = Object.keys(files).sort();
      expect(names.filter((n) => !/^exec-x\/\d+~dir$/.test(n))).toEqual([
        'exec-x/a_b.txt',
        'exec-x/dir/inner.txt',
        'exec-x/escape.txt',
        'exec-x/etc/passwd',
      ]);
      expect(names).toHaveLength(5);
      expect(files['exec-x/escape.txt'].toString()).toBe('up');
    }
    const tar = await get('/runs/exec-a/export').expect(200);
    expect(tarNames(tar.body as Buffer).every((n) => n.startsWith('exec-a/'))).toBe(true);
    const { files } = unpack(tar.body as Buffer, 'tar');
    expect(sha256(files['exec-a/field.bin'])).toBe(sha256(big));
    expect(files['exec-a/plots/fig 1.png'].toString()).toBe('png!');
    await p.http().get('/runs/exec-a/export?format=rar').set(p.as('readonly')).expect(400);
  });
});

describe.each(TEST_BACKENDS)('run artifacts through BullMQ on %s', (backend) => {
  let p: FilesPlatform;
  beforeAll(async () => {
    p = await startFilesPlatform(backend, {
      results: true,
      env: { SIMVAULT_REDIS_URL: process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    });
  });
  afterAll(() => p.close());

  it('indexes a registration announced through Redis', async () => {
    await writeRun(p, 'exec-redis', [{ name: 'r.txt', data: 'redis' }]);
    const registered = await register(p, 'exec-redis');
    const run = await indexed(p, 'exec-redis', registered.checksum);
    expect(run.files).toMatchObject([{ name: 'r.txt', size: 5, sha256: sha256('redis') }]);
  });
});
