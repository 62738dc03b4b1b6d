import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { startFilesPlatform, type FilesPlatform } from './platform';

describe.each(TEST_BACKENDS)('who owns a folder on %s', (backend) => {
  let p: FilesPlatform;
  const auth = () => request(p.auth.getHttpServer());
  const account = async (username: string) => {
    await auth()
      .post('/users')
      .set(p.as('admin'))
      .send({ username, password: `${username}-password` })
      .expect(201);
    return (
      await auth()
        .post('/session/login')
        .send({ username, password: `${username}-password` })
        .expect(200)
    ).body.token as string;
  };
  beforeAll(async () => {
    p = await startFilesPlatform(backend);
  });
  afterAll(() => p.close());

  it("gives a new account that reuses a deleted account's name nothing of the old one's", async () => {
    const first = await account('reused');
    const folder = (
      await p
        .http()
        .post('/files')
        .set('X-Session-ID', first)
        .send({ name: 'theirs', is_folder: true })
        .expect(201)
    ).body;
    expect(folder.creator).toBe('reused');
    await auth().delete('/users/reused').set(p.as('admin')).expect(200);
    const second = await account('reused');
    const refused = await p
      .http()
      .patch(`/files/${folder.id}`)
      .set('X-Session-ID', second)
      .send({ name: 'mine now' })
      .expect(403);
    expect(refused.body.error).toMatch(
      /^Only the creator of "theirs" \(reused\) or an admin can change it\./,
    );
    await p
      .http()
      .post('/files')
      .set('X-Session-ID', second)
      .send({ name: 'in', parent_id: folder.id })
      .expect(403);
    await p.http().delete(`/files/${folder.id}`).set('X-Session-ID', second).expect(403);
  });

  it("writes an admin's change to someone else's entry to the audit log", async () => {
    const entry = (
      await p.http().post('/files').set(p.as('user')).send({ name: 'usr-file', uri: 'u' }).expect(201)
    ).body;
    await p.http().delete(`/files/${entry.id}`).set(p.as('admin')).expect(200);
    const log = (await auth().get('/audit?limit=1').set(p.as('admin')).expect(200)).body.items;
    expect(log).toEqual([
      expect.objectContaining({ actor: 'admin', service: 'files', action: 'file.delete', target: entry.id }),
    ]);
  });
});
