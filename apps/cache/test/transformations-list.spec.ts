import { randomBytes } from 'node:crypto';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startCachePlatform, type CachePlatform } from './platform';

const cs = () => randomBytes(32).toString('hex');

describe.each(TEST_BACKENDS)('GET /checksums/transformations (pages for sync) on %s', (backend) => {
  let p: CachePlatform;
  beforeAll(async () => {
    p = await startCachePlatform(backend);
  });
  afterAll(() => p.close());

  it('pages through every recorded transformation in checksum order, each once', async () => {
    const as = { 'X-Session-ID': p.tokens.user };
    const model = new Map<string, string>();
    for (let i = 0; i < 7; i++) {
      const [checksum, result] = [cs(), cs()];
      model.set(checksum, result);
      await p.http().put(`/checksums/transformations/${checksum}`).set(as).send({ result }).expect(200);
    }
    const seen: { checksum: string; result: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await p
        .http()
        .get('/checksums/transformations')
        .query(after ? { after, limit: 3 } : { limit: 3 })
        .set(as)
        .expect(200);
      seen.push(...res.body.transformations);
      after = res.body.next;
      pages++;
    } while (after);
    // The independent model: every record put, sorted by checksum.
    const expected = [...model.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([checksum, result]) => ({ checksum, result }));
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it('refuses a bad page with a sentence', async () => {
    const as = { 'X-Session-ID': p.tokens.user };
    const bad = await p.http().get('/checksums/transformations?after=xyz').set(as).expect(400);
    expect(JSON.stringify(bad.body)).toContain('after must be 64 hexadecimal characters');
    await p.http().get('/checksums/transformations?limit=1001').set(as).expect(400);
    await p.http().get('/checksums/transformations?limit=0').set(as).expect(400);
  });

  it('pages through every kind of record in its key order, a composite key included', async () => {
    const as = { 'X-Session-ID': p.tokens.user };
    const pages = async (kind: string, limit: number) => {
      const seen: Record<string, unknown>[] = [];
      let after: string | null = null;
      do {
        const res = await p
          .http()
          .get(`/checksums/records/${kind}`)
          .query(after ? { after, limit } : { limit })
          .set(as)
          .expect(200);
        expect(res.body.kind).toBe(kind);
        seen.push(...res.body.records);
        after = res.body.next;
      } while (after);
      return seen;
    };
    const before = (await pages('semantic_to_syntactic', 1000)).length;
    // One syntactic form of seven semantic checksums, in two celltypes: the rows share the key's
    // first column, so a page of two ends inside it and the next must resume on the later columns.
    const shared = cs();
    const model: Record<string, string>[] = [];
    for (let i = 0; i < 7; i++) {
      const [semantic, celltype] = [cs(), i % 2 ? 'python' : 'plain'];
      await p
        .http()
        .put(`/checksums/semantic/${semantic}/syntactic`)
        .set(as)
        .send({ celltype, subcelltype: '', syntactic: [shared] })
        .expect(200);
      model.push({ syntactic: shared, celltype, subcelltype: '', semantic });
    }
    const listed = await pages('semantic_to_syntactic', 2);
    expect(listed.length).toBe(before + 7);
    const key = (r: Record<string, unknown>) => `${r.celltype} ${r.semantic}`;
    expect(listed.filter((r) => r.syntactic === shared)).toEqual(
      [...model].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    );
    const info = cs();
    await p.http().put(`/checksums/buffer-info/${info}`).set(as).send({ length: 3 }).expect(200);
    expect((await pages('buffer_info', 2)).find((r) => r.checksum === info)).toEqual({
      checksum: info,
      buffer_info: expect.stringContaining('"length": 3'),
    });
    // A withdrawn result is listed among the irreproducible rows, keyed by their id.
    const [withdrawn, result] = [cs(), cs()];
    await p.http().put(`/checksums/transformations/${withdrawn}`).set(as).send({ result }).expect(200);
    await p
      .http()
      .delete(`/checksums/transformations/${withdrawn}`)
      .set({ 'X-Session-ID': p.tokens.admin })
      .expect(200);
    expect((await pages('irreproducible', 1)).find((r) => r.checksum === withdrawn)).toMatchObject({
      checksum: withdrawn,
      result,
      metadata: '""',
    });
    expect(await pages('expression', 10)).toEqual([]);
  });

  it('refuses an unknown kind or a cursor it did not give with a sentence', async () => {
    const as = { 'X-Session-ID': p.tokens.user };
    const kind = await p.http().get('/checksums/records/buffers').set(as).expect(400);
    expect(JSON.stringify(kind.body)).toContain('There are no records of kind \\"buffers\\"');
    for (const after of [
      'xyz',
      Buffer.from('[1, 2]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      const bad = await p.http().get('/checksums/records/metadata').query({ after }).set(as).expect(400);
      expect(JSON.stringify(bad.body)).toContain('after is not a cursor this listing gave');
    }
    await p.http().get('/checksums/records/metadata?limit=1001').set(as).expect(400);
  });
});
