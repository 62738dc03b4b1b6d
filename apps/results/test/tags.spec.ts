import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { startResultsPlatform, type ResultsPlatform } from './platform';

/** A deterministic generator, so a failure names the same data every run. */
function lcg(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe.each(TEST_BACKENDS)('tags on results on %s', (backend) => {
  let p: ResultsPlatform;
  const as = (who: keyof ResultsPlatform['tokens']) => ({ 'X-Session-ID': p.tokens[who] });
  const auth = () => request(p.auth.getHttpServer());
  /** The independent model: each result's tags and temperature, as the test set them. */
  const model = new Map<string, { tags: Record<string, string>; temperature: number }>();
  const PROJECTS = ['wing-1', 'wing-2', "o'brien"];
  const CAMPAIGNS = ['spring', 'autumn'];

  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    const random = lcg(21);
    for (let i = 0; i < 24; i++) {
      const id = `tag-${i}`;
      const temperature = 250 + 10 * i;
      await p
        .http()
        .post('/register_direct')
        .set(as('user'))
        .send({
          execution_id: id,
          simulation_name: 'tag_sim',
          simulation_version: '1.0',
          input_params: { temperature },
          output_params: {},
          status: 'completed',
        })
        .expect(200);
      const tags: Record<string, string> = {};
      if (random() < 0.8) tags.project = PROJECTS[Math.floor(random() * PROJECTS.length)];
      if (random() < 0.5) tags.campaign = CAMPAIGNS[Math.floor(random() * CAMPAIGNS.length)];
      if (random() < 0.3) tags.reviewed = 'yes';
      if (Object.keys(tags).length > 0) {
        const res = await p.http().put(`/results/${id}/tags`).set(as('user')).send({ tags }).expect(200);
        expect(res.body).toEqual({ execution_id: id, tags: expect.objectContaining(tags) });
      }
      model.set(id, { tags, temperature });
    }
  });
  afterAll(() => p.close());

  const search = async (filter: string, extra: Record<string, unknown> = {}) => {
    const res = await p
      .http()
      .post('/search')
      .set(as('user'))
      .send({ filter, simulation_name: 'tag_sim', limit: 100, ...extra })
      .expect(200);
    return (res.body.results as { execution_id: string }[]).map((r) => r.execution_id).sort();
  };
  const expected = (keep: (m: { tags: Record<string, string>; temperature: number }) => boolean) =>
    [...model.entries()]
      .filter(([, m]) => keep(m))
      .map(([id]) => id)
      .sort();

  it('finds results by tag as the model says, alone and with parameters, lists and absence', async () => {
    expect(await search('tag.project = "wing-2"')).toEqual(expected((m) => m.tags.project === 'wing-2'));
    expect(await search("tag.project = 'o''brien'")).toEqual(expected((m) => m.tags.project === "o'brien"));
    expect(await search('tag.project != "wing-2"')).toEqual(expected((m) => m.tags.project !== 'wing-2'));
    expect(
      await search(
        "inputs.temperature >= 300 and tag.campaign in ('spring', 'autumn') and tag.reviewed is null",
      ),
    ).toEqual(
      expected((m) => m.temperature >= 300 && m.tags.campaign !== undefined && m.tags.reviewed === undefined),
    );
    expect(await search('tags.reviewed is not null or tag.campaign = "autumn"')).toEqual(
      expected((m) => m.tags.reviewed !== undefined || m.tags.campaign === 'autumn'),
    );
    expect(await search('tag.project > "wing-1"')).toEqual(
      expected((m) => m.tags.project !== undefined && m.tags.project > 'wing-1'),
    );
    expect(await search('tag.nobody = "x"')).toEqual([]);
    // Sanity: the model has each kind of result, so the comparisons above can fail.
    expect(expected((m) => m.tags.project === 'wing-2').length).toBeGreaterThan(0);
    expect(expected((m) => m.tags.project === undefined).length).toBeGreaterThan(0);
  });

  it('answers each result of a search with its tags (POST /search and GET /results), as GET /results/{id} does', async () => {
    const res = await p
      .http()
      .post('/search')
      .set(as('user'))
      .send({ simulation_name: 'tag_sim', limit: 100 })
      .expect(200);
    const answered = Object.fromEntries(
      (res.body.results as { execution_id: string; tags: Record<string, string> }[]).map((r) => [
        r.execution_id,
        r.tags,
      ]),
    );
    expect(answered).toEqual(Object.fromEntries([...model.entries()].map(([id, m]) => [id, m.tags])));
    const one = (await p.http().get('/results/tag-3').set(as('user')).expect(200)).body;
    expect(answered['tag-3']).toEqual(one.tags);
    const listed = await p
      .http()
      .get('/results?simulation_name=tag_sim&fields=execution_id,tags,run_file&limit=5')
      .set(as('user'))
      .expect(200);
    for (const r of listed.body.results) {
      expect(Object.keys(r).sort()).toEqual(['execution_id', 'run_file', 'tags']);
      expect(r.tags).toEqual(model.get(r.execution_id)!.tags);
      // Direct registrations have no run file.
      expect(r.run_file).toBeNull();
    }
    const bare = await p
      .http()
      .post('/search')
      .set(as('user'))
      .send({ simulation_name: 'tag_sim', fields: ['execution_id'], limit: 3 })
      .expect(200);
    expect(bare.body.results.map((r: object) => Object.keys(r))).toEqual([
      ['execution_id'],
      ['execution_id'],
      ['execution_id'],
    ]);
  });

  it('merges, replaces and removes tags, answers them on the result, and keeps them through re-registration', async () => {
    await p
      .http()
      .put('/results/tag-0/tags')
      .set(as('user'))
      .send({ tags: { project: 'wing-9', stage: 'final' } })
      .expect(200);
    const result = (await p.http().get('/results/tag-0').set(as('user')).expect(200)).body;
    const merged = { ...model.get('tag-0')!.tags, project: 'wing-9', stage: 'final' };
    expect(result.tags).toEqual(merged);
    const removed = await p.http().delete('/results/tag-0/tags/stage').set(as('user')).expect(200);
    delete merged.stage;
    expect(removed.body).toEqual({ execution_id: 'tag-0', tags: merged });
    const again = await p.http().delete('/results/tag-0/tags/stage').set(as('user')).expect(404);
    expect(again.body.error).toBe('Result tag-0 has no tag stage.');
    await p
      .http()
      .post('/register_direct')
      .set(as('user'))
      .send({
        execution_id: 'tag-0',
        simulation_name: 'tag_sim',
        simulation_version: '1.0',
        input_params: { temperature: 250 },
        output_params: {},
        status: 'completed',
      })
      .expect(200);
    expect((await p.http().get('/results/tag-0').set(as('user')).expect(200)).body.tags).toEqual(merged);
    expect(await search('tag.project = "wing-9"')).toEqual(['tag-0']);
    model.get('tag-0')!.tags = merged;
  });

  it("refuses someone else's result without results_curate, and audits a curator's tags", async () => {
    const other = await p
      .http()
      .put('/results/tag-1/tags')
      .set(as('other'))
      .send({ tags: { project: 'x' } })
      .expect(403);
    expect(other.body.error).toBe(
      'Result tag-1 belongs to someone else; changing it needs the results_curate privilege, which this session does not have.',
    );
    await p.http().delete('/results/tag-1/tags/project').set(as('other')).expect(403);
    await p
      .http()
      .put('/results/tag-1/tags')
      .set(as('anonymous'))
      .send({ tags: { project: 'x' } })
      .expect(403);
    await p
      .http()
      .put('/results/tag-1/tags')
      .set(as('developer'))
      .send({ tags: { qa: 'passed' } })
      .expect(200);
    const page = (await auth().get('/audit?limit=1').set(as('admin')).expect(200)).body;
    expect(page.items).toEqual([
      expect.objectContaining({
        actor: 'dev',
        service: 'results',
        action: 'result.tag',
        target: 'tag-1',
        reason: 'qa=passed',
      }),
    ]);
  });

  it.each([
    [
      { tags: { '1st': 'a' } },
      'Tag key "1st" is not one: use 1 to 64 letters, digits or underscores, not starting with a digit.',
    ],
    [
      { tags: { 'a-b': 'a' } },
      'Tag key "a-b" is not one: use 1 to 64 letters, digits or underscores, not starting with a digit.',
    ],
    [
      { tags: { ['k'.repeat(65)]: 'a' } },
      `Tag key "${'k'.repeat(65)}" is not one: use 1 to 64 letters, digits or underscores, not starting with a digit.`,
    ],
    [{ tags: { project: 'v'.repeat(257) } }, 'Tag project must have 1 to 256 characters; it has 257.'],
    [{ tags: { project: '' } }, 'Tag project must have 1 to 256 characters; it has 0.'],
    [{ tags: { project: 'a\nb' } }, 'Tag project contains a control character.'],
    [{ tags: { project: 3 } }, 'Tag project must be a string value, not number.'],
    [{ tags: {} }, 'tags is empty: give at least one key and value.'],
    [
      { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      'tags holds 51 keys; set at most 50 at once.',
    ],
  ])('answers bad tags %j with a 400 sentence', async (body, error) => {
    const res = await p.http().put('/results/tag-2/tags').set(as('user')).send(body).expect(400);
    expect(res.body.error).toBe(error);
  });

  it('answers bad filters and sorts on tags with a 400 sentence, unknown results with 404', async () => {
    const number = await p
      .http()
      .post('/search')
      .set(as('user'))
      .send({ filter: 'tag.project = 3' })
      .expect(400);
    expect(number.body.error).toBe(
      'tag.project: tag values are strings; compare with a quoted string such as tag.project = "3".',
    );
    const sorted = await p
      .http()
      .post('/search')
      .set(as('user'))
      .send({ sort_by: 'tag.project' })
      .expect(400);
    expect(sorted.body.error).toBe('sort_by: results cannot be sorted by a tag (tag.project).');
    const bad = await p.http().delete('/results/tag-2/tags/no-such').set(as('user')).expect(400);
    expect(bad.body.error).toMatch(/^Tag key "no-such" is not one/);
    await p
      .http()
      .put('/results/nowhere/tags')
      .set(as('user'))
      .send({ tags: { a: 'b' } })
      .expect(404);
  });

  it('holds at most 100 tags on one result', async () => {
    // Up to 100 in all, whatever tag-3 already holds.
    const held = Object.keys(model.get('tag-3')!.tags).length;
    for (const [batch, size] of [50, 50 - held].entries()) {
      const tags = Object.fromEntries(Array.from({ length: size }, (_, i) => [`b${batch}_${i}`, 'v']));
      await p.http().put('/results/tag-3/tags').set(as('user')).send({ tags }).expect(200);
    }
    const full = await p
      .http()
      .put('/results/tag-3/tags')
      .set(as('user'))
      .send({ tags: { one_more: 'v' } })
      .expect(400);
    expect(full.body.error).toBe(
      'Result tag-3 would hold 101 tags; a result holds at most 100. Remove some first.',
    );
  });
});
