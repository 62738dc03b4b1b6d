import { routeAccess } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startSeamlessApp, type SeamlessTestApp } from './seamless-app';

const cs = (digit: string) => digit.repeat(64);

describe.each(TEST_BACKENDS)('the checksum REST routes on %s', (backend) => {
  let t: SeamlessTestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startSeamlessApp(backend);
    tokens.read = await t.token('read');
    tokens.write = await t.token('read', 'write');
    tokens.invalidate = await t.token('read', 'cache_invalidate');
  });
  afterAll(() => t.close());

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  it('declare read, write or cache_invalidate on every route', () => {
    const routes = Object.fromEntries(
      routeAccess(t.app)
        .filter((r) => r.route.includes('/checksums/'))
        .map((r) => [
          r.route,
          r.access?.kind === 'privileges' ? r.access.privileges.join(',') : r.access?.kind,
        ]),
    );
    expect(routes).toEqual({
      'POST /checksums/transformations/lookup': 'read',
      'GET /checksums/transformations': 'read',
      'GET /checksums/records/:kind': 'read',
      'GET /checksums/transformations/:checksum': 'read',
      'PUT /checksums/transformations/:checksum': 'write',
      'DELETE /checksums/transformations/:checksum': 'cache_invalidate',
      'GET /checksums/transformations/:checksum/irreproducible': 'read',
      'GET /checksums/results/:checksum/transformations': 'read',
      'GET /checksums/buffer-info/:checksum': 'read',
      'PUT /checksums/buffer-info/:checksum': 'write',
      'GET /checksums/execution-records/:checksum': 'read',
      'PUT /checksums/execution-records/:checksum': 'write',
      'GET /checksums/semantic/:checksum/syntactic': 'read',
      'PUT /checksums/semantic/:checksum/syntactic': 'write',
      'GET /checksums/syntactic/:checksum/semantic': 'read',
    });
    expect(routeAccess(t.app).filter((r) => !r.access)).toEqual([]);
  });

  it('refuse a caller without a session (401) or without the privilege (403)', async () => {
    await t
      .http()
      .get(`/checksums/transformations/${cs('1')}`)
      .expect(401);
    const put = await t
      .http()
      .put(`/checksums/transformations/${cs('1')}`)
      .set(as('read'))
      .send({ result: cs('2') })
      .expect(403);
    expect(put.body).toEqual({
      error: 'This needs the write privilege, which this session does not have.',
      statusCode: 403,
    });
    const withdraw = await t
      .http()
      .delete(`/checksums/transformations/${cs('1')}`)
      .set(as('write'))
      .expect(403);
    expect(withdraw.body.error).toBe(
      'This needs the cache_invalidate privilege, which this session does not have.',
    );
  });

  it('store and look up transformation results, one or many at a time, and in reverse', async () => {
    await t
      .http()
      .get(`/checksums/transformations/${cs('1')}`)
      .set(as('read'))
      .expect(404, {
        error: `No result is stored for transformation ${cs('1')}.`,
        statusCode: 404,
      });
    await t
      .http()
      .put(`/checksums/transformations/${'A'.repeat(64)}`)
      .set(as('write'))
      .send({ result: 'B'.repeat(64) })
      .expect(200, { checksum: cs('a'), result: cs('b') });
    await t.wire('PUT', JSON.stringify({ type: 'transformation', checksum: cs('c'), value: cs('b') }));
    await t
      .http()
      .get(`/checksums/transformations/${cs('c')}`)
      .set(as('read'))
      .expect(200, { checksum: cs('c'), result: cs('b') });
    const lookup = await t
      .http()
      .post('/checksums/transformations/lookup')
      .set(as('read'))
      .send({ checksums: [cs('a'), 'C'.repeat(64), cs('d')] })
      .expect(200);
    expect(lookup.body).toEqual({ results: { [cs('a')]: cs('b'), [cs('c')]: cs('b'), [cs('d')]: null } });
    await t
      .http()
      .get(`/checksums/results/${cs('b')}/transformations`)
      .set(as('read'))
      .expect(200, { result: cs('b'), transformations: [cs('a'), cs('c')] });
  });

  it('look up a thousand checksums in one request, and refuse more', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(64, '0'));
    const res = await t
      .http()
      .post('/checksums/transformations/lookup')
      .set(as('read'))
      .send({ checksums: many })
      .expect(200);
    expect(Object.keys(res.body.results)).toHaveLength(1000);
    const tooMany = await t
      .http()
      .post('/checksums/transformations/lookup')
      .set(as('read'))
      .send({ checksums: [...many, cs('f')] })
      .expect(400);
    expect(tooMany.body.error).toMatch(/checksums must contain no more than 1000 elements/);
  });

  it('answer 400 with a sentence to bad checksums and bodies', async () => {
    const param = await t.http().get('/checksums/transformations/xyz').set(as('read')).expect(400);
    expect(param.body).toEqual({
      error: 'checksum must be 64 hexadecimal characters (got "xyz", 3 characters).',
      statusCode: 400,
    });
    const body = await t
      .http()
      .put(`/checksums/transformations/${cs('1')}`)
      .set(as('write'))
      .send({ result: 'nope' })
      .expect(400);
    expect(body.body.error).toBe('Invalid request: result must be 64 hexadecimal characters.');
    const lookup = await t
      .http()
      .post('/checksums/transformations/lookup')
      .set(as('read'))
      .send({ checksums: ['abc'] })
      .expect(400);
    expect(lookup.body.error).toBe(
      'Invalid request: each value in checksums must be 64 hexadecimal characters.',
    );
  });

  it('withdraw a result (cache_invalidate), keeping its execution record among the irreproducible ones', async () => {
    const [tf, result] = [cs('5'), cs('6')];
    const record = `{"schema_version": 1, "tf_checksum": "${tf}", "result_checksum": "${result}", "peak": 123456789012345678901, "t": 2.50}`;
    await t
      .http()
      .put(`/checksums/execution-records/${tf}`)
      .set(as('write'))
      .send({ result, record })
      .expect(200, { checksum: tf, result, stored: true });
    await t
      .http()
      .delete(`/checksums/transformations/${tf}?result=${cs('7')}`)
      .set(as('invalidate'))
      .expect(404, { error: 'Transformation does not have the irreproducible result.', statusCode: 404 });
    await t
      .http()
      .delete(`/checksums/transformations/${tf}`)
      .set(as('invalidate'))
      .expect(200, { checksum: tf, result, withdrawn: true });
    await t.http().get(`/checksums/transformations/${tf}`).set(as('read')).expect(404);
    await t.http().get(`/checksums/execution-records/${tf}`).set(as('read')).expect(404);
    const listed = await t
      .http()
      .get(`/checksums/transformations/${tf}/irreproducible`)
      .set(as('read'))
      .expect(200);
    expect(listed.headers['content-type']).toMatch(/^application\/json/);
    expect(listed.text).toBe(`{"checksum":"${tf}","records":[{"result":"${result}","record":${record}}]}`);
    await t
      .http()
      .delete(`/checksums/transformations/${cs('e')}`)
      .set(as('invalidate'))
      .expect(404);
  });

  it('keep execution records exactly as sent (as text), and refuse conflicting ones (409)', async () => {
    const [tf, result] = [cs('8'), cs('9')];
    const ids = `"tf_checksum":"${tf}","result_checksum":"${result}"`;
    const text = `{"schema_version":1,${ids},"wall_time_seconds":1.0,"memory_peak_bytes":9007199254740993}`;
    await t
      .http()
      .put(`/checksums/execution-records/${tf}`)
      .set(as('write'))
      .send({ result, record: text })
      .expect(200);
    const res = await t.http().get(`/checksums/execution-records/${tf}`).set(as('read')).expect(200);
    expect(res.text).toBe(`{"checksum":"${tf}","result":"${result}","record":${text}}`);
    const wire = await t.wire('GET', JSON.stringify({ type: 'metadata', checksum: tf }));
    expect(wire.body).toBe(
      `{"schema_version": 1, "tf_checksum": "${tf}", "result_checksum": "${result}", "wall_time_seconds": 1.0, "memory_peak_bytes": 9007199254740993}`,
    );
    await t
      .http()
      .put(`/checksums/execution-records/${tf}`)
      .set(as('write'))
      .send({
        result,
        record: { schema_version: 1, tf_checksum: tf, result_checksum: result, wall_time_seconds: 2 },
      })
      .expect(409, { error: 'Execution record already exists with different metadata.', statusCode: 409 });
    const invalid = await t
      .http()
      .put(`/checksums/execution-records/${cs('a')}`)
      .set(as('write'))
      .send({ result, record: { wall_time_seconds: 2 } })
      .expect(400);
    expect(invalid.body.error).toBe('Invalid request: schema_version must be an integer.');
    const anonymous = await t
      .http()
      .put(`/checksums/execution-records/${cs('a')}`)
      .set(as('write'))
      .send({ result, record: { schema_version: 1, result_checksum: result } })
      .expect(400);
    expect(anonymous.body.error).toBe("Invalid request: tf_checksum must be the request's checksum.");
    const missing = await t
      .http()
      .put(`/checksums/execution-records/${cs('a')}`)
      .set(as('write'))
      .send({ result });
    expect([missing.status, missing.body.error]).toEqual([400, 'Invalid request: record is required.']);
  });

  it('merge buffer info and refuse invalid fields', async () => {
    const buffer = cs('b');
    await t.http().get(`/checksums/buffer-info/${buffer}`).set(as('read')).expect(404);
    await t
      .http()
      .put(`/checksums/buffer-info/${buffer}`)
      .set(as('write'))
      .send({ length: 10, is_utf8: true })
      .expect(200, { checksum: buffer, info: { length: 10, is_utf8: true } });
    await t
      .http()
      .put(`/checksums/buffer-info/${buffer}`)
      .set(as('write'))
      .send({ dtype: '<f8' })
      .expect(200, { checksum: buffer, info: { dtype: '<f8', is_utf8: true, length: 10 } });
    const res = await t
      .http()
      .put(`/checksums/buffer-info/${buffer}`)
      .set(as('write'))
      .send({ length: -3 })
      .expect(400);
    expect(res.body.error).toBe('Invalid request: length must be a whole number from 0 to 9007199254740991.');
    const huge = await t
      .http()
      .put(`/checksums/buffer-info/${buffer}`)
      .set(as('write'))
      .set('Content-Type', 'application/json')
      .send('{"length": 18446744073709551616}');
    expect([huge.status, huge.body.error]).toEqual([
      400,
      'Invalid request: length must be a whole number from 0 to 9007199254740991.',
    ]);
    await t
      .http()
      .get(`/checksums/buffer-info/${buffer}`)
      .set(as('read'))
      .expect(200, { checksum: buffer, info: { dtype: '<f8', is_utf8: true, length: 10 } });
  });

  it('map semantic and syntactic checksums per celltype', async () => {
    const [semantic, s1, s2] = [cs('c'), cs('d'), cs('e')];
    await t
      .http()
      .put(`/checksums/semantic/${semantic}/syntactic`)
      .set(as('write'))
      .send({ celltype: 'python', subcelltype: 'transformer', syntactic: [s2, s1] })
      .expect(200, { semantic, celltype: 'python', subcelltype: 'transformer', syntactic: [s1, s2] });
    await t
      .http()
      .get(`/checksums/syntactic/${s2}/semantic?celltype=python&subcelltype=transformer`)
      .set(as('read'))
      .expect(200, { syntactic: s2, celltype: 'python', subcelltype: 'transformer', semantic: [semantic] });
    await t
      .http()
      .get(`/checksums/semantic/${semantic}/syntactic?celltype=python&subcelltype=`)
      .set(as('read'))
      .expect(200, { semantic, celltype: 'python', subcelltype: '', syntactic: [] });
    const missing = await t
      .http()
      .get(`/checksums/semantic/${semantic}/syntactic`)
      .set(as('read'))
      .expect(400);
    expect(missing.body.error).toMatch(/celltype is required/);
  });
});
