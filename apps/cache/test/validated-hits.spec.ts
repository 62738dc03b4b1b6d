import { createHash, randomBytes } from 'node:crypto';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startCachePlatform, type CachePlatform } from './platform';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(TEST_BACKENDS)('validated transformation hits in the cache app on %s', (backend) => {
  let p: CachePlatform;
  beforeAll(async () => {
    p = await startCachePlatform(backend);
  });
  afterAll(() => p.close());

  it('reports a recorded result whose buffer is gone as a miss with the reason, and a hit once the bytes are stored', async () => {
    const as = { 'X-Session-ID': p.tokens.user };
    const bytes = randomBytes(4096);
    const [transformation, result] = [randomBytes(32).toString('hex'), sha256(bytes)];
    const other = randomBytes(32).toString('hex');
    await p.http().put(`/checksums/transformations/${transformation}`).set(as).send({ result }).expect(200);

    await p
      .http()
      .get(`/checksums/transformations/${transformation}`)
      .set(as)
      .expect(200, { checksum: transformation, result });
    const miss = await p
      .http()
      .get(`/checksums/transformations/${transformation}?validate=true`)
      .set(as)
      .expect(404);
    expect(miss.body).toMatchObject({ details: { reason: 'buffer_missing', result } });
    expect(miss.body.error).toMatch(/its buffer .* is not in the buffer store/);
    const batch = await p
      .http()
      .post('/checksums/transformations/lookup')
      .set(as)
      .send({ checksums: [transformation, other], validate: true })
      .expect(200);
    expect(batch.body).toEqual({
      results: { [transformation]: null, [other]: null },
      missing_buffers: { [transformation]: result },
    });

    await p
      .http()
      .put(`/buffers/${result}`)
      .set(as)
      .set('Content-Type', 'application/octet-stream')
      .send(bytes)
      .expect(201);
    await p
      .http()
      .get(`/checksums/transformations/${transformation}?validate=true`)
      .set(as)
      .expect(200, { checksum: transformation, result });
    const again = await p
      .http()
      .post('/checksums/transformations/lookup')
      .set(as)
      .send({ checksums: [transformation], validate: true })
      .expect(200);
    expect(again.body).toEqual({ results: { [transformation]: result }, missing_buffers: {} });
    await p.http().get(`/checksums/transformations/${transformation}?validate=maybe`).set(as).expect(400);
  });
});
