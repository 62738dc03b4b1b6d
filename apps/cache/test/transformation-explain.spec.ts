import { createHash, randomBytes } from 'node:crypto';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startCachePlatform, type CachePlatform } from './platform';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const cs = () => randomBytes(32).toString('hex');

type Dict = Record<string, unknown>;

/** A transformation buffer as Seamless writes it (plain celltype: sorted keys, indent 2, newline). */
function buffer(dict: Dict): Buffer {
  const sorted = Object.fromEntries(
    Object.keys(dict)
      .sort()
      .map((k) => [k, dict[k]]),
  );
  return Buffer.from(`${JSON.stringify(sorted, null, 2)}\n`);
}

function transformation(code: string, pins: Record<string, string>, extra: Dict = {}): Dict {
  const dict: Dict = {
    __language__: 'python',
    __output__: ['result', 'mixed', null],
    code: ['python', 'transformer', code],
    ...extra,
  };
  for (const [pin, checksum] of Object.entries(pins)) dict[pin] = ['mixed', null, checksum];
  return dict;
}

/**
 * The test's own reading of what an explain must say about `recorded` against `asked`: plain
 * loops over the two dicts as written, with no code of the app.
 */
function model(recorded: Dict, asked: Dict) {
  const isPin = (k: string) => !(k.startsWith('__') && k.endsWith('__'));
  const names = [...new Set([...Object.keys(recorded), ...Object.keys(asked)])].sort();
  const changed = [];
  const added = [];
  const removed = [];
  const celltypes = [];
  const other_keys = [];
  for (const name of names) {
    const [r, a] = [recorded[name] as unknown[] | undefined, asked[name] as unknown[] | undefined];
    if (!isPin(name)) {
      if (name !== '__language__' && name !== '__output__' && JSON.stringify(r) !== JSON.stringify(a))
        other_keys.push(name);
      continue;
    }
    if (r === undefined) added.push({ pin: name, checksum: a![2] });
    else if (a === undefined) removed.push({ pin: name, checksum: r[2] });
    else {
      if (r[2] !== a[2]) changed.push({ pin: name, old: r[2], new: a[2] });
      if (r[0] !== a[0] || r[1] !== a[1])
        celltypes.push({ pin: name, old: r.slice(0, 2), new: a.slice(0, 2) });
    }
  }
  const differs = (k: string) => JSON.stringify(recorded[k]) !== JSON.stringify(asked[k]);
  const language = differs('__language__') ? { old: recorded.__language__, new: asked.__language__ } : null;
  const output = differs('__output__') ? { old: recorded.__output__, new: asked.__output__ } : null;
  const distance =
    changed.length +
    added.length +
    removed.length +
    celltypes.length +
    other_keys.length +
    (language ? 1 : 0) +
    (output ? 1 : 0);
  return { distance, changed, added, removed, celltypes, language, output, other_keys };
}

describe.each(TEST_BACKENDS)('GET /checksums/transformations/{cs}/explain on %s', (backend) => {
  let p: CachePlatform;
  let as: { 'X-Session-ID': string };
  beforeAll(async () => {
    p = await startCachePlatform(backend);
    as = { 'X-Session-ID': p.tokens.user };
  });
  afterAll(() => p.close());

  const upload = async (dict: Dict) => {
    const bytes = buffer(dict);
    const checksum = sha256(bytes);
    await p
      .http()
      .put(`/buffers/${checksum}`)
      .set(as)
      .set('Content-Type', 'application/octet-stream')
      .send(bytes)
      .expect(201);
    return checksum;
  };
  const record = (checksum: string, result = cs()) =>
    p.http().put(`/checksums/transformations/${checksum}`).set(as).send({ result }).expect(200);
  const explain = (checksum: string, query = '') =>
    p.http().get(`/checksums/transformations/${checksum}/explain${query}`).set(as);

  it('names the inputs that changed, were added or removed against the recorded transformations of the same code, nearest first', async () => {
    const code = cs();
    const [x, y, z, w, y2] = [cs(), cs(), cs(), cs(), cs()];
    const asked = transformation(code, { x, y: y2, w });
    const recorded: Record<string, Dict> = {};
    const results: Record<string, string> = {};
    const add = async (dict: Dict, order: 'buffer first' | 'record first') => {
      const checksum = sha256(buffer(dict));
      results[checksum] = cs();
      if (order === 'record first') await record(checksum, results[checksum]);
      await upload(dict);
      if (order === 'buffer first') await record(checksum, results[checksum]);
      recorded[checksum] = dict;
    };
    await add(transformation(code, { x, y }), 'buffer first');
    await add(transformation(code, { x, y, z }), 'record first');
    await add(transformation(code, { x, y: y2, w }, { __language__: 'bash' }), 'buffer first');
    const celltyped = transformation(code, { x, y: y2, w });
    celltyped.x = ['plain', null, x];
    await add(celltyped, 'record first');
    await add(
      transformation(code, { x, y: y2, w }, { __output__: ['result', 'plain', null] }),
      'buffer first',
    );
    // Not candidates: another code; a buffer of this code never recorded; a record without buffer.
    await record(await upload(transformation(cs(), { x, y: y2, w })));
    await upload(transformation(code, { x, y: y2 }));
    await record(cs());

    const checksum = await upload(asked);
    const res = await explain(checksum, '?limit=20').expect(200);
    const expected = Object.entries(recorded)
      .map(([c, dict]) => ({ checksum: c, result: results[c], ...model(dict, asked) }))
      .sort((a, b) => a.distance - b.distance);
    expect(res.body).toMatchObject({ checksum, result: null, buffer: 'present', code, compared: 5 });
    expect(res.body.nearest).toHaveLength(expected.length);
    // Equal distances may come in either order; each distance holds the same transformations.
    const byDistance = (list: { distance: number; checksum: string }[]) =>
      list.map((n) => `${n.distance}:${n.checksum}`).sort();
    expect(byDistance(res.body.nearest)).toEqual(byDistance(expected));
    for (const n of res.body.nearest) expect(n).toEqual(expected.find((e) => e.checksum === n.checksum));
    expect(res.body.nearest.map((n: { distance: number }) => n.distance)).toEqual(
      expected.map((e) => e.distance),
    );
    expect(res.body.notes[0]).toMatch(/has no recorded result: a lookup of it misses/);

    // The default limit, and the explained transformation once recorded.
    await record(checksum, cs());
    const after = await explain(checksum).expect(200);
    expect(after.body.result).not.toBeNull();
    expect(after.body.nearest).toHaveLength(5);
    expect(after.body.notes[0]).toMatch(/has a recorded result/);
  });

  it('says plainly when the buffer is absent, not a transformation, or has no other of its code', async () => {
    const absent = cs();
    await record(absent);
    const res = await explain(absent).expect(200);
    expect(res.body).toMatchObject({
      checksum: absent,
      buffer: 'absent',
      code: null,
      nearest: [],
      compared: 0,
    });
    expect(res.body.result).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.notes[1]).toMatch(/does not hold the buffer of this transformation/);

    const data = Buffer.from('[1, 2, 3]\n');
    await p
      .http()
      .put(`/buffers/${sha256(data)}`)
      .set(as)
      .set('Content-Type', 'application/octet-stream')
      .send(data)
      .expect(201);
    const notDict = await explain(sha256(data)).expect(200);
    expect(notDict.body.buffer).toBe('not_a_transformation');
    expect(notDict.body.notes[1]).toMatch(/not a transformation dict \(it is not a JSON object\)/);

    const alone = await upload(transformation(cs(), { x: cs() }));
    const lonely = await explain(alone).expect(200);
    expect(lonely.body).toMatchObject({ buffer: 'present', nearest: [], compared: 0 });
    expect(lonely.body.notes[1]).toMatch(/No other recorded transformation runs the same code/);
  });

  it('answers a malformed checksum or limit with 400 and a sentence', async () => {
    const short = await explain('abc').expect(400);
    expect(short.body.error).toMatch(/checksum must be 64 hexadecimal characters/);
    await explain('z'.repeat(64)).expect(400);
    const limit = await explain(cs(), '?limit=0').expect(400);
    expect(limit.body.error).toMatch(/limit/);
    await p.http().get(`/checksums/transformations/${cs()}/explain`).expect(401);
  });
});
