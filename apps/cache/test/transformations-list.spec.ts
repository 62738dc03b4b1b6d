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
});
