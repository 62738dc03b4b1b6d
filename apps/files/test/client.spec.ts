import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportError, FilesClient, SimvaultError, type ExportProgress } from '@simvault/client';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { indexed, register, startFilesPlatform, writeRun, type FilesPlatform } from './platform';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe.each(TEST_BACKENDS)('FilesClient against the files app on %s', (backend) => {
  let p: FilesPlatform;
  let files: FilesClient;
  let scratch: string;
  beforeAll(async () => {
    p = await startFilesPlatform(backend, { results: true });
    await p.files.listen(0, '127.0.0.1');
    files = new FilesClient(await p.files.getUrl());
    await files.login('usr', 'usr-password');
    scratch = mkdtempSync(join(tmpdir(), 'simvault-files-client-'));
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await p.close();
  });

  it("does what sim2l's FileManager does: folders, file entries, listings", async () => {
    const folder = await files.createFolder('simulation_outputs');
    await files.createFile('result.csv', { size: 2048, uri: '/data/result.csv', parent_id: folder.id });
    const contents = await files.listFolder(folder.id);
    expect(contents.map((f) => [f.name, f.size, f.uri])).toEqual([['result.csv', 2048, '/data/result.csv']]);
    expect((await files.listFolder()).map((f) => f.name)).toContain('simulation_outputs');
    expect((await files.get(folder.id)).children?.total).toBe(1);
  });

  it('uploads bytes and local files, streams them back, and changes entries', async () => {
    const folder = await files.createFolder('client-uploads');
    const body = randomBytes(1024 * 1024 + 7);
    const local = join(scratch, 'local.bin');
    writeFileSync(local, body);
    const fromPath = await files.upload('local.bin', { path: local }, { parent_id: folder.id });
    const fromBytes = await files.upload('bytes.bin', body, { parent_id: folder.id, checksum: sha256(body) });
    expect([fromPath.checksum, fromBytes.checksum, fromBytes.deduplicated]).toEqual([
      sha256(body),
      sha256(body),
      true,
    ]);
    expect(sha256(await files.download(fromPath.id))).toBe(sha256(body));
    await files.downloadTo(fromBytes.id, join(scratch, 'copy.bin'));
    expect(sha256(readFileSync(join(scratch, 'copy.bin')))).toBe(sha256(body));
    await files.replaceContent(fromBytes.id, 'now text', { content_type: 'text/plain' });
    expect((await files.download(fromBytes.id)).toString()).toBe('now text');

    const sub = await files.createFolder('sub', { parent_id: folder.id });
    expect((await files.move(fromBytes.id, sub.id)).parent_id).toBe(sub.id);
    expect((await files.rename(fromBytes.id, 'renamed.txt')).name).toBe('renamed.txt');
    await files.batch({ action: 'tag', ids: [fromPath.id, fromBytes.id], tags: ['client'] });
    expect((await files.list({ tag: 'client' })).total).toBe(2);
    const all = [];
    for await (const entry of files.listAll(folder.id, { sort: 'size' })) all.push(entry.name);
    expect(all).toEqual(['sub', 'local.bin']);
    const error = await files.delete(folder.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimvaultError);
    expect((error as SimvaultError).status).toBe(409);
    expect(await files.delete(folder.id, { recursive: true })).toEqual({ id: folder.id, deleted: 4 });
  });

  it("reads a run's files as sim2l does, and indexes one on demand", async () => {
    const big = randomBytes(2 * 1024 * 1024);
    await writeRun(p, 'exec-client', [
      { name: 'output.dat', data: big, options: { category: 'output' } },
      { name: 'notes/readme.md', data: '# run' },
    ]);
    const registered = await register(p, 'exec-client');
    await indexed(p, 'exec-client');
    const runFiles = await files.getRunFiles('exec-client');
    expect(runFiles.map((f) => [f.name, f.size, f.category])).toEqual([
      ['output.dat', big.length, 'output'],
      ['notes/readme.md', 5, 'output'],
    ]);
    expect(await files.exportRunFile('exec-client', 'output.dat', join(scratch, 'output.dat'))).toBe(true);
    expect(sha256(readFileSync(join(scratch, 'output.dat')))).toBe(sha256(big));
    await files.exportRunFile('exec-client', 'notes/readme.md', join(scratch, 'readme.md'));
    expect(readFileSync(join(scratch, 'readme.md'), 'utf8')).toBe('# run');
    const page = await files.getSimulationFiles('thermal_sim', '1.0.0');
    expect(page.items.map((f) => f.execution_id)).toContain('exec-client');
    expect(await files.indexRun('exec-client', registered.checksum)).toMatchObject({ artifacts: 2 });
  });

  it('exports a folder and a run into a local directory, with progress, checking every digest', async () => {
    const folder = await files.createFolder('to-export');
    const sub = await files.createFolder('inner', { parent_id: folder.id });
    await files.upload('a.txt', 'alpha', { parent_id: folder.id });
    await files.upload('b.bin', randomBytes(300_000), { parent_id: sub.id });
    await files.createFile('pointer', { uri: 'https://example.org', parent_id: folder.id });
    const target = join(scratch, 'exported');
    const seen: ExportProgress[] = [];
    const result = await files.exportTo({ entry: folder.id }, target, { onProgress: (e) => seen.push(e) });
    expect(result).toMatchObject({ directory: target, files: 2, directories: 2, skipped: 1 });
    expect(readFileSync(join(target, 'to-export', 'a.txt'), 'utf8')).toBe('alpha');
    expect(readFileSync(join(target, 'to-export', 'inner', 'b.bin')).length).toBe(300_000);
    const last = seen[seen.length - 1];
    expect(last.received).toBe(last.total);
    expect(seen.map((e) => e.received)).toEqual([...seen.map((e) => e.received)].sort((x, y) => x - y));

    await expect(files.exportTo({ entry: folder.id }, target)).rejects.toThrow(ExportError);
    await expect(files.exportTo({ entry: folder.id }, target, { overwrite: true })).resolves.toMatchObject({
      files: 2,
    });

    const run = await files.exportTo({ run: 'exec-client' }, target);
    expect(run.files).toBe(2);
    expect(readFileSync(join(target, 'exec-client', 'notes', 'readme.md'), 'utf8')).toBe('# run');
  });
});
