import { TEST_BACKENDS } from '@simvault/db/testing';
import { FilesDb } from '../src/db/files-db';
import { startFilesPlatform, type FilesPlatform, type Who } from './platform';

describe.each(TEST_BACKENDS)('folders and files on %s', (backend) => {
  let p: FilesPlatform;
  beforeAll(async () => {
    p = await startFilesPlatform(backend);
  });
  afterAll(() => p.close());

  const create = async (body: object, who: Who = 'user', status = 201) =>
    (await p.http().post('/files').set(p.as(who)).send(body).expect(status)).body;
  const folder = (name: string, parent_id?: string, who: Who = 'user') =>
    create({ name, is_folder: true, parent_id }, who);
  const get = async (id: string, query = '') =>
    (await p.http().get(`/files/${id}${query}`).set(p.as('readonly')).expect(200)).body;

  it('reports itself healthy with its backend', async () => {
    const res = await p.http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      service: 'files',
      backend: backend === 'postgres' ? 'postgresql' : 'sqlite',
    });
  });

  it("creates folders and file entries with sim2l's record, and lists them (the top level too)", async () => {
    const outputs = await folder('simulation_outputs');
    expect(outputs).toMatchObject({
      name: 'simulation_outputs',
      size: 0,
      uri: null,
      creator: 'usr',
      parent_id: null,
      is_folder: true,
      metadata: null,
      tags: [],
    });
    expect(Date.parse(outputs.date_created)).not.toBeNaN();
    // sim2l's create_file sends a creator; the session decides who that is.
    const file = await create({
      name: 'result.csv',
      size: 2048,
      uri: '/data/result.csv',
      creator: 'someone-else',
      parent_id: outputs.id,
      metadata: { rows: 12 },
      tags: ['thermal', 'csv', 'thermal'],
    });
    expect(file).toMatchObject({
      name: 'result.csv',
      size: 2048,
      uri: '/data/result.csv',
      creator: 'usr',
      parent_id: outputs.id,
      is_folder: false,
      metadata: { rows: 12 },
      tags: ['csv', 'thermal'],
      download: null,
    });
    const top = (await p.http().get('/files').set(p.as('readonly')).expect(200)).body;
    expect(top.items.map((e: { name: string }) => e.name)).toContain('simulation_outputs');
    const listed = await get(outputs.id);
    expect(listed.children).toMatchObject({ total: 1, items: [{ id: file.id, name: 'result.csv' }] });
    expect((await get('root')).children.items.map((e: { id: string }) => e.id)).toContain(outputs.id);
    expect(await get(file.id)).not.toHaveProperty('children');
  });

  it('sorts and pages a folder by name, dates and size, by offset and by cursor alike', async () => {
    const dir = await folder('paging');
    const names = ['b', 'a', 'd', 'C', 'e', 'f', 'g'];
    for (const [i, name] of names.entries()) {
      await create({ name, parent_id: dir.id, size: (i * 7) % 5, uri: `s3://bucket/${name}` });
    }
    const list = async (query: string) =>
      (await p.http().get(`/files?parent_id=${dir.id}&${query}`).set(p.as('readonly')).expect(200)).body;
    const byName = await list('limit=3');
    expect(byName).toMatchObject({ total: 7, limit: 3, offset: 0 });
    expect(byName.items.map((e: { name: string }) => e.name)).toEqual(['C', 'a', 'b']);
    expect((await list('limit=3&offset=3')).items.map((e: { name: string }) => e.name)).toEqual([
      'd',
      'e',
      'f',
    ]);
    expect((await list('sort=name&order=desc&limit=2')).items.map((e: { name: string }) => e.name)).toEqual([
      'g',
      'f',
    ]);

    for (const [sort, order] of [
      ['name', 'asc'],
      ['name', 'desc'],
      ['size', 'asc'],
      ['size', 'desc'],
      ['date_created', 'asc'],
      ['date_modified', 'desc'],
    ]) {
      const all = (await list(`sort=${sort}&order=${order}&limit=100`)).items.map(
        (e: { id: string }) => e.id,
      );
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; next_cursor: string | null } = await list(
          `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.items.map((e) => e.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(paged).toEqual(all);
    }
    const sizes = (await list('sort=size&limit=100')).items.map((e: { size: number }) => e.size);
    expect(sizes).toEqual([...sizes].sort((x, y) => x - y));

    const first = await list('limit=2');
    const refused = await p
      .http()
      .get(`/files?parent_id=${dir.id}&sort=size&cursor=${first.next_cursor}`)
      .set(p.as('readonly'))
      .expect(400);
    expect(refused.body.error).toMatch(/sorted by name asc; ask with the same sort and order/);
    await p.http().get(`/files?parent_id=${dir.id}&cursor=bm9wZQ`).set(p.as('readonly')).expect(400);
    const bad = await p.http().get('/files?sort=colour&order=up&limit=0').set(p.as('readonly')).expect(400);
    expect(bad.body.error).toMatch(/sort must be one of name, date_created, date_modified, size/);
    expect(bad.body.error).toMatch(/order must be asc or desc/);
  });

  it('refuses names that are paths, dots, control characters or too long, and names taken in the folder', async () => {
    const dir = await folder('names');
    for (const [name, problem] of [
      ['a/b', /path separator/],
      ['..\\evil', /path separator/],
      ['..', /must not be "\." or "\.\."/],
      ['.', /must not be "\." or "\.\."/],
      ['tab\there', /control characters/],
      ['nul\u0000', /control characters/],
      ['', /must not be empty/],
      ['   ', /only spaces/],
      ['é'.repeat(128), /at most 255 bytes/],
    ] as const) {
      const res = await p
        .http()
        .post('/files')
        .set(p.as('user'))
        .send({ name, parent_id: dir.id })
        .expect(400);
      expect(res.body.error).toMatch(problem);
    }
    await create({ name: 'ok name (1).txt', parent_id: dir.id });
    const taken = await create({ name: 'ok name (1).txt', parent_id: dir.id }, 'user', 409);
    expect(taken.error).toMatch(/already holds an entry named "ok name \(1\)\.txt"/);
    // Byte order: names differing in case are different names.
    await create({ name: 'OK NAME (1).txt', parent_id: dir.id });
    await p
      .http()
      .post('/files')
      .set(p.as('user'))
      .send({ name: 'x', parent_id: 'no-such-folder' })
      .expect(404);
    const file = await create({ name: 'plain', parent_id: dir.id });
    const notFolder = await create({ name: 'child', parent_id: file.id }, 'user', 400);
    expect(notFolder.error).toMatch(/is a file, not a folder/);
    const bad = await create({ name: 'f', is_folder: true, uri: 'x' }, 'user', 400);
    expect(bad.error).toMatch(/a folder has no uri/);
  });

  it('renames and moves, refuses cycles, and keeps names unique where an entry lands', async () => {
    const a = await folder('cycle-a');
    const b = await folder('b', a.id);
    const c = await folder('c', b.id);
    const patch = (id: string, body: object, status: number, who: Who = 'user') =>
      p.http().patch(`/files/${id}`).set(p.as(who)).send(body).expect(status);

    expect((await patch(a.id, { parent_id: a.id }, 409)).body.error).toMatch(/cannot be moved into itself/);
    expect((await patch(a.id, { parent_id: c.id }, 409)).body.error).toMatch(
      /"cycle-a" cannot be moved into "c", which is inside it/,
    );
    const batch = await p
      .http()
      .post('/files/batch')
      .set(p.as('user'))
      .send({ action: 'move', ids: [a.id], parent_id: b.id })
      .expect(409);
    expect(batch.body.error).toMatch(/inside it/);

    const moved = (await patch(c.id, { parent_id: null, name: 'c-top' }, 200)).body;
    expect(moved).toMatchObject({ parent_id: null, name: 'c-top' });
    expect(Date.parse(moved.date_modified)).toBeGreaterThanOrEqual(Date.parse(moved.date_created));
    await patch(b.id, { parent_id: c.id }, 200);
    expect((await get(c.id)).children.items.map((e: { id: string }) => e.id)).toEqual([b.id]);

    await folder('same', a.id);
    await folder('same', c.id);
    const clash = await patch((await get(c.id, '?sort=name')).children.items[1].id, { parent_id: a.id }, 409);
    expect(clash.body.error).toMatch(/already holds an entry named "same"/);
    const rename = await patch(b.id, { name: 'same' }, 409);
    expect(rename.body.error).toMatch(/already holds an entry named "same"/);
    await patch('root', { name: 'x' }, 400);
  });

  it('takes null as a value only where it means one (top level, no metadata); elsewhere a 400', async () => {
    const top = await folder('nulls');
    const inner = await create({ name: 'n.txt', parent_id: top.id, metadata: { a: 1 }, tags: ['t'] });
    const patch = (body: object, status: number) =>
      p.http().patch(`/files/${inner.id}`).set(p.as('user')).send(body).expect(status);
    expect((await patch({ tags: null }, 400)).body.error).toBe(
      'Invalid request: tags may not be null (leave it out instead).',
    );
    expect((await patch({ name: null }, 400)).body.error).toMatch(/name may not be null/);
    const batch = await p
      .http()
      .post('/files/batch')
      .set(p.as('user'))
      .send({ action: 'tag', ids: [inner.id], tags: null })
      .expect(400);
    expect(batch.body.error).toMatch(/tags may not be null/);
    expect((await get(inner.id)).tags).toEqual(['t']);
    const cleared = (await patch({ metadata: null, parent_id: null }, 200)).body;
    expect(cleared).toMatchObject({ metadata: null, parent_id: null });
  });

  it('lets exactly one of two opposite concurrent moves through, so no cycle can form', async () => {
    for (let round = 0; round < 3; round++) {
      const x = await folder(`race-x-${round}`);
      const y = await folder(`race-y-${round}`);
      const statuses = await Promise.all([
        p.http().patch(`/files/${x.id}`).set(p.as('user')).send({ parent_id: y.id }),
        p.http().patch(`/files/${y.id}`).set(p.as('user')).send({ parent_id: x.id }),
      ]);
      expect(statuses.map((r) => r.status).sort()).toEqual([200, 409]);
    }
  });

  it('lists a folder in every order from an index, without sorting', async () => {
    const db = p.files.get(FilesDb);
    const plans: string[] = [];
    for (const sort of ['name', 'date_created', 'date_modified', 'size']) {
      const tie = sort === 'name' ? '' : ', id';
      const sql = `SELECT id FROM file_entries WHERE parent_id = ? ORDER BY ${sort}${tie} LIMIT 50`;
      if (backend === 'sqlite') {
        const plan = (await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ['root']))
          .map((r) => r.detail)
          .join('; ');
        expect(plan).toMatch(/USING (COVERING )?INDEX (uq|idx)_file_entries_parent_/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
        plans.push(plan);
      } else {
        const plan = await db.transaction(async (tx) => {
          // A tiny table is cheaper to scan; what matters is that the index can give the order.
          await tx.execute('SET LOCAL enable_seqscan = off');
          return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, ['root']))
            .map((r) => r['QUERY PLAN'])
            .join('; ');
        });
        expect(plan).toMatch(/Index (Only )?Scan using (uq|idx)_file_entries_parent_/);
        expect(plan).not.toMatch(/Sort/);
        plans.push(plan);
      }
    }
    expect(plans).toHaveLength(4);
  });

  it('nests folders at most 64 levels deep', async () => {
    let parent = (await folder('deep')).id;
    for (let depth = 2; depth <= 64; depth++) parent = (await folder(`d${depth}`, parent)).id;
    const res = await p
      .http()
      .post('/files')
      .set(p.as('user'))
      .send({ name: 'too-deep', parent_id: parent })
      .expect(400);
    expect(res.body.error).toMatch(/at most 64 levels deep; this would make 65/);
  });

  it('deletes a non-empty folder only when asked to recurse, and then everything in it', async () => {
    const top = await folder('to-delete');
    const inner = await folder('inner', top.id);
    const leaf = await create({ name: 'leaf', parent_id: inner.id, uri: 'u', tags: ['t'] });
    const refused = await p.http().delete(`/files/${top.id}`).set(p.as('user')).expect(409);
    expect(refused.body.error).toMatch(/not empty \(2 entries inside\): delete it with recursive=true/);
    await get(leaf.id);
    const res = await p.http().delete(`/files/${top.id}?recursive=true`).set(p.as('user')).expect(200);
    expect(res.body).toEqual({ id: top.id, deleted: 3 });
    for (const id of [top.id, inner.id, leaf.id]) {
      await p.http().get(`/files/${id}`).set(p.as('readonly')).expect(404);
    }
    const empty = await folder('empty');
    await p.http().delete(`/files/${empty.id}`).set(p.as('user')).expect(200);
    await p.http().delete(`/files/${empty.id}`).set(p.as('user')).expect(404);
    await p.http().delete('/files/root?recursive=true').set(p.as('admin')).expect(400);
    await p.http().delete(`/files/${leaf.id}?recursive=maybe`).set(p.as('user')).expect(400);
  });

  it('keeps metadata and tags on any entry, and lists by tag', async () => {
    const dir = await folder('tagged', undefined);
    const file = await create({ name: 'doc', parent_id: dir.id, uri: 'u' });
    const updated = (
      await p
        .http()
        .patch(`/files/${dir.id}`)
        .set(p.as('user'))
        .send({ metadata: { project: 'apollo' }, tags: ['keep', 'blue'] })
        .expect(200)
    ).body;
    expect(updated).toMatchObject({ metadata: { project: 'apollo' }, tags: ['blue', 'keep'] });
    await p
      .http()
      .patch(`/files/${file.id}`)
      .set(p.as('user'))
      .send({ tags: ['blue'] })
      .expect(200);
    const blue = (await p.http().get('/files?tag=blue').set(p.as('readonly')).expect(200)).body;
    expect(blue.items.map((e: { id: string }) => e.id).sort()).toEqual([dir.id, file.id].sort());
    expect(blue.total).toBe(2);
    const inDir = (
      await p.http().get(`/files?tag=blue&parent_id=${dir.id}`).set(p.as('readonly')).expect(200)
    ).body;
    expect(inDir.items.map((e: { id: string }) => e.id)).toEqual([file.id]);
    const cleared = (
      await p
        .http()
        .patch(`/files/${dir.id}`)
        .set(p.as('user'))
        .send({ metadata: null, tags: [] })
        .expect(200)
    ).body;
    expect(cleared).toMatchObject({ metadata: null, tags: [] });
    const badTags = await p
      .http()
      .patch(`/files/${dir.id}`)
      .set(p.as('user'))
      .send({ tags: [''] })
      .expect(400);
    expect(badTags.body.error).toMatch(/each tag must be a non-empty string/);
  });

  it('runs batches in one transaction: everything changes, or nothing does', async () => {
    const from = await folder('batch-from');
    const to = await folder('batch-to');
    const ids = [];
    for (const name of ['one', 'two', 'three'])
      ids.push((await create({ name, parent_id: from.id, uri: 'u' })).id);
    const batch = (body: object, status: number, who: Who = 'user') =>
      p.http().post('/files/batch').set(p.as(who)).send(body).expect(status);

    expect((await batch({ action: 'tag', ids, tags: ['x', 'y'] }, 200)).body).toEqual({
      action: 'tag',
      count: 3,
    });
    expect((await get(ids[0])).tags).toEqual(['x', 'y']);
    await batch({ action: 'untag', ids: ids.slice(1), tags: ['x'] }, 200);
    expect((await get(ids[1])).tags).toEqual(['y']);

    const foreign = (await create({ name: 'not-mine', uri: 'u' }, 'other')).id;
    const refused = await batch({ action: 'move', ids: [...ids, foreign], parent_id: to.id }, 403);
    expect(refused.body.error).toMatch(/Only the creator of "not-mine" \(oth\) or an admin/);
    expect((await get(from.id)).children.total).toBe(3);
    const missing = await batch({ action: 'delete', ids: [ids[0], 'nope'] }, 404);
    expect(missing.body.error).toMatch(/No entry nope; nothing was changed/);
    await get(ids[0]);

    await create({ name: 'two', parent_id: to.id, uri: 'u' });
    const clash = await batch({ action: 'move', ids, parent_id: to.id }, 409);
    expect(clash.body.error).toMatch(/already holds an entry named "two"; nothing was moved/);
    expect((await get(from.id)).children.total).toBe(3);

    expect((await batch({ action: 'move', ids: [ids[0], ids[2]], parent_id: to.id }, 200)).body.count).toBe(
      2,
    );
    expect((await get(to.id)).children.total).toBe(3);

    const deleted = await batch({ action: 'delete', ids: [from.id, ids[1]], recursive: true }, 200);
    expect(deleted.body).toEqual({ action: 'delete', count: 2, deleted: 2 });
    const notEmpty = await batch({ action: 'delete', ids: [to.id] }, 409);
    expect(notEmpty.body.error).toMatch(/not empty/);

    const bad = await batch({ action: 'rename', ids: [] }, 400);
    expect(bad.body.error).toMatch(/action must be one of move, delete, tag, untag/);
    expect((await batch({ action: 'move', ids }, 400)).body.error).toMatch(/parent_id is required to move/);
    expect((await batch({ action: 'tag', ids }, 400)).body.error).toMatch(/tags is required to tag/);
    const tooMany = await batch(
      { action: 'tag', ids: Array.from({ length: 1001 }, (_, i) => `id-${i}`), tags: ['t'] },
      400,
    );
    expect(tooMany.body.error).toMatch(/ids must contain no more than 1000 elements/);
  });

  it('lets only the owner or an admin change an entry; every reader can read it', async () => {
    const mine = await folder('owned');
    const child = await create({ name: 'inside', parent_id: mine.id, uri: 'u' });
    for (const change of [
      () => p.http().patch(`/files/${mine.id}`).set(p.as('other')).send({ name: 'stolen' }),
      () => p.http().delete(`/files/${child.id}`).set(p.as('other')),
      () => p.http().post('/files').set(p.as('other')).send({ name: 'intruder', parent_id: mine.id }),
      () =>
        p
          .http()
          .patch(`/files/${child.id}`)
          .set(p.as('anonymous'))
          .send({ tags: ['mine'] }),
    ]) {
      const res = await change().expect(403);
      expect(res.body.error).toMatch(/Only the creator of .*\(usr\) or an admin/);
    }
    await p.http().get(`/files/${mine.id}`).set(p.as('other')).expect(200);
    await p
      .http()
      .patch(`/files/${child.id}`)
      .set(p.as('admin'))
      .send({ name: 'renamed-by-admin' })
      .expect(200);

    // A folder holding another user's entry (put there by an admin) is deleted by an admin only.
    await p.http().post('/files').set(p.as('admin')).send({ name: 'admins', parent_id: mine.id }).expect(201);
    const res = await p.http().delete(`/files/${mine.id}?recursive=true`).set(p.as('user')).expect(403);
    expect(res.body.error).toMatch(/holds 1 entry of other users; only an admin can delete it/);
    await p.http().delete(`/files/${mine.id}?recursive=true`).set(p.as('admin')).expect(200);

    // Each anonymous session owns what it creates; another anonymous session does not.
    const anon = await create({ name: 'anon-made', uri: 'u' }, 'anonymous');
    expect(anon.creator).toMatch(/^anonymous:/);
    const other = (await p.http().post('/session/anonymous').send({}).expect(200)).body.token as string;
    await p.http().delete(`/files/${anon.id}`).set('X-Session-ID', other).expect(403);
    await p.http().delete(`/files/${anon.id}`).set(p.as('anonymous')).expect(200);
  });

  it("keeps every folder's child_count equal to what it holds, after all of the above", async () => {
    const folders = await p.files.get(FilesDb).query<{ id: string; child_count: unknown; n: unknown }>(
      `SELECT f.id, f.child_count, (SELECT COUNT(*) FROM file_entries c WHERE c.parent_id = f.id) AS n
         FROM file_entries f WHERE f.is_folder = ?`,
      [true],
    );
    expect(folders.length).toBeGreaterThan(70);
    expect(folders.filter((f) => Number(f.child_count) !== Number(f.n))).toEqual([]);
  });
});
