import { TEST_BACKENDS } from '@simvault/db/testing';
import { simulation, startCatalogPlatform, type CatalogPlatform } from './platform';

/** A known set: the word "zephyr" in a name, a tag and a description. */
const KNOWN = [
  { name: 'zephyr', tags: ['fluid'], description: 'Generic model' },
  { name: 'zephyr_solver', tags: ['solver'], description: 'Solves things' },
  { name: 'gust_box', tags: ['zephyr', 'wind'], description: 'Box model' },
  { name: 'breeze_sim', tags: ['wind', 'fluid'], description: 'Couples with zephyr effects downstream' },
  { name: 'calm_sim', tags: ['wind'], description: 'Nothing to see' },
];

describe.each(TEST_BACKENDS)('catalog search on %s', (backend) => {
  let p: CatalogPlatform;
  const search = async (query: string, expectStatus = 200) => {
    const res = await p.http().get(`/simulations/search?${query}`).set(p.as('readonly')).expect(expectStatus);
    return res;
  };
  const names = async (query: string) =>
    (await search(query)).body.map((s: { name: string }) => s.name) as string[];

  beforeAll(async () => {
    p = await startCatalogPlatform(backend);
    for (const s of KNOWN)
      await p.http().post('/simulations').set(p.as('developer')).send(simulation(s)).expect(201);
    // An older version of one of them, and one in another status.
    await p
      .http()
      .post('/simulations')
      .set(p.as('developer'))
      .send(simulation({ ...KNOWN[0], version: '0.9.0' }))
      .expect(201);
    const calm = await p.http().get('/simulations/calm_sim').set(p.as('user')).expect(200);
    await p
      .http()
      .patch(`/simulations/${calm.body.id}`)
      .set(p.as('developer'))
      .send({ status: 'deprecated' })
      .expect(200);
  });
  afterAll(() => p.close());

  it('ranks an exact name first, then name matches, then tag matches, then description matches', async () => {
    expect(await names('query=zephyr')).toEqual([
      'zephyr',
      'zephyr',
      'zephyr_solver',
      'gust_box',
      'breeze_sim',
    ]);
    const versions = (await search('query=zephyr')).body
      .slice(0, 2)
      .map((s: { version: string }) => s.version);
    expect(versions).toEqual(['1.0.0', '0.9.0']);
    expect(await names('query=ZEPHYR_SOLVER')).toEqual(['zephyr_solver']);
  });

  it('matches words from their start, phrases as written, and leaves out excluded words', async () => {
    expect(await names('query=zeph')).toEqual([
      'zephyr',
      'zephyr',
      'zephyr_solver',
      'gust_box',
      'breeze_sim',
    ]);
    expect(await names('query=zephyr%20-solver')).toEqual(['zephyr', 'zephyr', 'gust_box', 'breeze_sim']);
    expect(await names(`query=${encodeURIComponent('"zephyr effects"')}`)).toEqual(['breeze_sim']);
    expect(await names(`query=${encodeURIComponent('"zephyr eff"')}`)).toEqual([]);
    expect(await names('query=solves')).toEqual(['zephyr_solver']);
    expect(await names('query=zephyr%20tag:wind')).toEqual(['gust_box', 'breeze_sim']);
    const only = await search('query=-zephyr', 400);
    expect(only.body.error).toMatch(/at least one word/);
  });

  it('answers a bare array with the total in X-Total-Count, page by page', async () => {
    const first = await search('query=zephyr&limit=2');
    expect(Array.isArray(first.body)).toBe(true);
    expect(first.headers['x-total-count']).toBe('5');
    expect(first.body).toHaveLength(2);
    const second = await search('query=zephyr&limit=2&offset=2');
    expect(second.body.map((s: { name: string }) => s.name)).toEqual(['zephyr_solver', 'gust_box']);
    const past = await search('query=zephyr&limit=2&offset=50');
    expect(past.body).toEqual([]);
    expect(past.headers['x-total-count']).toBe('5');
    expect(first.body[0].workflow_bundle).toBeUndefined();
  });

  it('filters by tags, any of or all of, and by status (active by default)', async () => {
    expect(await names('tags=wind,fluid')).toEqual(['breeze_sim', 'gust_box', 'zephyr', 'zephyr']);
    expect(await names('tags=wind,fluid&tag_mode=all')).toEqual(['breeze_sim']);
    expect(await names('tags=WIND&status=all')).toEqual(['breeze_sim', 'calm_sim', 'gust_box']);
    expect(await names('tags=wind&status=deprecated')).toEqual(['calm_sim']);
    expect(await names('tags=wind&status=active,deprecated')).toEqual(['breeze_sim', 'calm_sim', 'gust_box']);
    expect(await names('query=nothing&status=all')).toEqual(['calm_sim']);
    expect(await names('query=nothing')).toEqual([]);
  });

  it('refuses bad parameters with a sentence', async () => {
    expect((await search('status=gone', 400)).body.error).toMatch(
      /status must be one of active, deprecated, archived, all/,
    );
    await search('limit=0', 400);
    await search('limit=5000', 400);
    await search('tag_mode=some', 400);
    // Punctuation and operators of either engine are only text here.
    for (const q of ['"', 'NOT', 'a AND (b', "it's", '*', ':*', '&|!', 'near(a b)'])
      await search(`query=${encodeURIComponent(q)}`);
  });
});
