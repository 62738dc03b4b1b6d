import { TEST_BACKENDS } from '@simvault/db/testing';
import type { Response } from 'supertest';
import { unpack } from './archives';
import { startFilesPlatform, type FilesPlatform } from './platform';

const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};

describe.each(TEST_BACKENDS)('folder exports on %s', (backend) => {
  let p: FilesPlatform;
  let top: { id: string };
  const long = `${'l'.repeat(120)}.txt`;
  beforeAll(async () => {
    p = await startFilesPlatform(backend);
    const create = async (body: object) =>
      (await p.http().post('/files').set(p.as('user')).send(body).expect(201)).body;
    const upload = async (name: string, parent: string, body: string) =>
      (
        await p
          .http()
          .post(`/files/upload?name=${encodeURIComponent(name)}&parent_id=${parent}`)
          .set(p.as('user'))
          .set('Content-Type', 'application/octet-stream')
          .send(body)
          .expect(201)
      ).body;
    top = await create({ name: 'export-me', is_folder: true });
    const nested = await create({ name: 'nested', is_folder: true, parent_id: top.id });
    const deeper = await create({ name: 'deeper', is_folder: true, parent_id: nested.id });
    await create({ name: 'empty', is_folder: true, parent_id: top.id });
    await upload('a.txt', top.id, 'alpha');
    await upload('ünïcødé ☃.txt', nested.id, 'snow');
    await upload(long, deeper.id, 'long');
    await upload('zero', deeper.id, '');
    await create({ name: 'link', uri: 'https://example.org/x', parent_id: top.id });
  });
  afterAll(() => p.close());

  const exported = (id: string, format: string) =>
    p.http().get(`/files/${id}/export?format=${format}`).set(p.as('readonly')).buffer(true).parse(binary);

  it.each(['tar', 'zip'] as const)(
    'writes a folder with everything in it as a %s the standard tools read',
    async (format) => {
      const res = await exported(top.id, format).expect(200);
      expect(res.headers['content-length']).toBe(String((res.body as Buffer).length));
      expect(res.headers['content-disposition']).toContain(`filename="export-me.${format}"`);
      expect(res.headers['x-export-files']).toBe('4');
      expect(res.headers['x-export-skipped']).toBe('1');
      const { files, dirs } = unpack(res.body as Buffer, format);
      expect(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.toString()]))).toEqual({
        'export-me/a.txt': 'alpha',
        'export-me/nested/ünïcødé ☃.txt': 'snow',
        [`export-me/nested/deeper/${long}`]: 'long',
        'export-me/nested/deeper/zero': '',
      });
      expect(dirs).toEqual(['export-me', 'export-me/empty', 'export-me/nested', 'export-me/nested/deeper']);
    },
  );

  it('exports one file, and the whole top level', async () => {
    const listing = (await p.http().get(`/files/${top.id}`).set(p.as('readonly')).expect(200)).body;
    const a = listing.children.items.find((e: { name: string }) => e.name === 'a.txt');
    const one = unpack((await exported(a.id, 'tar').expect(200)).body as Buffer, 'tar');
    expect(Object.keys(one.files)).toEqual(['a.txt']);
    const all = unpack((await exported('root', 'zip').expect(200)).body as Buffer, 'zip');
    expect(all.files['files/export-me/a.txt'].toString()).toBe('alpha');
    await p.http().get('/files/nope/export').set(p.as('readonly')).expect(404);
  });
});
