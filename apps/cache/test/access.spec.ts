import { createHash, randomBytes } from 'node:crypto';
import { accessGaps, PUBLIC_ROUTES } from '@simvault/auth/testing';
import {
  accessMatrix,
  commonCases,
  READERS,
  statuses,
  untested,
  WRITERS,
  type AccessCase,
  type Caller,
} from '@simvault/app-auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { entry, startCachePlatform, type CachePlatform } from './platform';

/** cache_invalidate: a developer, an admin. */
const INVALIDATORS: Caller[] = ['developer', 'admin'];
/** Who may replace usr's entry: usr, and cache_invalidate. */
const OWNER_OR_INVALIDATOR: Caller[] = ['user', ...INVALIDATORS];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const cs = () => randomBytes(32).toString('hex');

describe.each(TEST_BACKENDS)('the cache privilege and ownership matrix on %s', (backend) => {
  let p: CachePlatform;
  const as = (who: Caller) => ({ 'X-Session-ID': p.tokens[who as keyof CachePlatform['tokens']] });
  /** A new entry of usr's. */
  const usersEntry = async () => {
    const body = entry();
    await p.http().post('/cache').set(as('user')).send(body).expect(200);
    return { key: body.cache_key };
  };
  /** A new buffer in the store. */
  const storedBuffer = async () => {
    const data = randomBytes(64);
    const checksum = sha256(data);
    await p
      .http()
      .put(`/buffers/${checksum}`)
      .set(as('user'))
      .set('Content-Type', 'application/octet-stream')
      .send(data)
      .expect(201);
    return { checksum, data: data.toString('hex') };
  };
  /** A new transformation with a result (and its execution record). */
  const transformation = async () => {
    const [checksum, result] = [cs(), cs()];
    await p.http().put(`/checksums/transformations/${checksum}`).set(as('user')).send({ result }).expect(200);
    return { checksum, result };
  };
  beforeAll(async () => {
    p = await startCachePlatform(backend);
  });
  afterAll(() => p.close());

  const cases: AccessCase[] = [
    ...commonCases(),
    { route: 'GET /cache/stats', expect: statuses(200, READERS) },
    {
      route: 'GET /cache/explain',
      setup: usersEntry,
      query: ({ key }) => `key=${encodeURIComponent(key)}`,
      expect: statuses(200, READERS),
    },
    { route: 'GET /cache/stats/history', expect: statuses(200, READERS) },
    { route: 'GET /cache/entries', expect: statuses(200, READERS) },
    { route: 'GET /cache/*key', setup: usersEntry, expect: statuses(200, READERS) },
    { route: 'POST /cache', body: () => entry(), expect: statuses(200, WRITERS) },
    {
      // Replacing usr's entry changes usr's work: usr, or cache_invalidate; never anonymous.
      route: 'POST /cache',
      setup: usersEntry,
      body: ({ key }) => entry({ cache_key: key, execution_id: 'someone-elses' }),
      expect: statuses(200, OWNER_OR_INVALIDATOR),
    },
    { route: 'DELETE /cache/*key', setup: usersEntry, expect: statuses(200, INVALIDATORS) },
    {
      route: 'POST /cache/invalidate',
      body: { simulation_id: 9, reason: 'matrix' },
      expect: statuses(200, INVALIDATORS),
    },
    // A filter that matches every key is "everything": admin's, like all: true.
    { route: 'POST /cache/invalidate', body: { pattern: '%' }, expect: statuses(200, ['admin']) },
    { route: 'POST /cache/invalidate', body: { pattern: '%_%%' }, expect: statuses(200, ['admin']) },
    { route: 'POST /cache/invalidate', body: { all: true }, expect: statuses(200, ['admin']) },
    { route: 'GET /cache/invalidations', expect: statuses(200, INVALIDATORS) },
    { route: 'DELETE /cache', expect: statuses(200, ['admin']) },
    {
      route: 'POST /buffers/has',
      body: { checksums: [cs()] },
      expect: statuses(200, READERS),
    },
    {
      route: 'POST /buffers/lengths',
      body: { checksums: [cs()] },
      expect: statuses(200, READERS),
    },
    { route: 'HEAD /buffers/:checksum', setup: storedBuffer, expect: statuses(200, READERS) },
    { route: 'GET /buffers/:checksum', setup: storedBuffer, expect: statuses(200, READERS) },
    {
      // Content-addressed: the same bytes whoever stores them, so there is nothing of anyone's to replace.
      route: 'PUT /buffers/:checksum',
      setup: async () => {
        const data = randomBytes(64);
        return { checksum: sha256(data), data: data.toString('hex') };
      },
      headers: { 'Content-Type': 'application/octet-stream' },
      body: ({ data }) => Buffer.from(data, 'hex'),
      expect: statuses(201, WRITERS),
    },
    { route: 'DELETE /buffers/:checksum', setup: storedBuffer, expect: statuses(200, ['admin']) },
    {
      // This store has no file zone: every reader is told so (404); the rest are refused first.
      route: 'GET /buffers/:checksum/filename',
      setup: storedBuffer,
      query: 'zones=zone-a',
      expect: statuses(404, READERS),
    },
    {
      route: 'POST /checksums/transformations/lookup',
      body: { checksums: [cs()] },
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /checksums/transformations',
      setup: transformation,
      query: 'limit=5',
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /checksums/records/:kind',
      setup: async () => ({ ...(await transformation()), kind: 'transformation' }),
      query: 'limit=5',
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /checksums/transformations/:checksum',
      setup: transformation,
      expect: statuses(200, READERS),
    },
    {
      route: 'PUT /checksums/transformations/:checksum',
      setup: async () => ({ checksum: cs() }),
      body: { result: cs() },
      expect: statuses(200, WRITERS),
    },
    {
      route: 'DELETE /checksums/transformations/:checksum',
      setup: transformation,
      expect: statuses(200, INVALIDATORS),
    },
    {
      route: 'GET /checksums/transformations/:checksum/explain',
      setup: transformation,
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /checksums/transformations/:checksum/irreproducible',
      setup: transformation,
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /checksums/results/:checksum/transformations',
      setup: async () => ({ checksum: (await transformation()).result }),
      expect: statuses(200, READERS),
    },
    {
      route: 'PUT /checksums/buffer-info/:checksum',
      setup: async () => ({ checksum: cs() }),
      body: { length: 10 },
      expect: statuses(200, WRITERS),
    },
    {
      route: 'GET /checksums/buffer-info/:checksum',
      setup: async () => {
        const checksum = cs();
        await p
          .http()
          .put(`/checksums/buffer-info/${checksum}`)
          .set(as('user'))
          .send({ length: 3 })
          .expect(200);
        return { checksum };
      },
      expect: statuses(200, READERS),
    },
    {
      route: 'PUT /checksums/execution-records/:checksum',
      setup: async () => ({ checksum: cs(), result: cs() }),
      body: ({ checksum, result }) => ({
        result,
        record: { schema_version: 1, tf_checksum: checksum, result_checksum: result },
      }),
      expect: statuses(200, WRITERS),
    },
    {
      route: 'GET /checksums/execution-records/:checksum',
      setup: async () => {
        const [checksum, result] = [cs(), cs()];
        await p
          .http()
          .put(`/checksums/execution-records/${checksum}`)
          .set(as('user'))
          .send({ result, record: { schema_version: 1, tf_checksum: checksum, result_checksum: result } })
          .expect(200);
        return { checksum };
      },
      expect: statuses(200, READERS),
    },
    {
      route: 'PUT /checksums/semantic/:checksum/syntactic',
      setup: async () => ({ checksum: cs() }),
      body: { celltype: 'python', subcelltype: 'transformer', syntactic: [cs()] },
      expect: statuses(200, WRITERS),
    },
    {
      route: 'GET /checksums/semantic/:checksum/syntactic',
      setup: async () => ({ checksum: cs() }),
      query: 'celltype=python&subcelltype=transformer',
      expect: statuses(200, READERS),
    },
    {
      route: 'GET /checksums/syntactic/:checksum/semantic',
      setup: async () => ({ checksum: cs() }),
      query: 'celltype=python&subcelltype=transformer',
      expect: statuses(200, READERS),
    },
  ];

  it('declares an access rule on every route, and the matrix covers every one', () => {
    expect(accessGaps(p.cache)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
    expect(untested(p.cache, cases)).toEqual([]);
  });

  it('answers every caller of every route as the matrix says', async () => {
    expect(await accessMatrix(p.cache, p, cases)).toEqual([]);
  }, 300_000);
});
