import { request } from 'node:http';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { createLogger, type SimvaultConfig } from '@simvault/core';
import { SeamlessListenerService, SeamlessProtocol } from '../src';
import { startSeamlessApp, type SeamlessTestApp } from './seamless-app';

/** A checksum made of one repeated hex digit. */
const cs = (digit: string) => digit.repeat(64);
const TEXT = 'text/plain; charset=utf-8';

describe.each(TEST_BACKENDS)('the seamless-database wire protocol in the app, on %s', (backend) => {
  let t: SeamlessTestApp;
  beforeAll(async () => {
    t = await startSeamlessApp(backend, { SIMVAULT_SEAMLESS_BODY_LIMIT_BYTES: '4096' });
  });
  afterAll(() => t.close());

  const get = (request: object | string, path?: string) =>
    t.wire('GET', typeof request === 'string' ? request : JSON.stringify(request), path);
  const put = (request: object | string) =>
    t.wire('PUT', typeof request === 'string' ? request : JSON.stringify(request));
  /** Status and body, and always the text content type. */
  const answer = async (response: ReturnType<typeof get>): Promise<[number, string]> => {
    const res = await response;
    expect(res.headers['content-type']).toBe(TEXT);
    return [res.status, res.body];
  };

  describe('transport', () => {
    it('answers GET /healthcheck with OK, and HEAD like GET without a body', async () => {
      expect(await answer(t.wire('GET', undefined, '/healthcheck'))).toEqual([200, 'OK']);
      expect(await answer(t.wire('GET', undefined, '/healthcheck?probe=1'))).toEqual([200, 'OK']);
      const head = await t.wire('HEAD', undefined, '/healthcheck');
      expect([head.status, head.body]).toEqual([200, '']);
      const protocol = await t.wire('HEAD', '{"type": "protocol"}', '/');
      expect([protocol.status, protocol.body, protocol.headers['content-length']]).toEqual([200, '', '31']);
    });

    it('takes a JSON body on GET and PUT on any path, whatever the content type', async () => {
      expect(await answer(get({ type: 'protocol' }, '/any/path?x=1'))).toEqual([
        200,
        '["seamless", "database", "2.2"]',
      ]);
      expect(await answer(put({ type: 'transformation', checksum: cs('a'), value: cs('b') }))).toEqual([
        200,
        'OK',
      ]);
      expect(await answer(get({ type: 'transformation', checksum: cs('a') }, '/elsewhere'))).toEqual([
        200,
        cs('b'),
      ]);
    });

    it('refuses other methods with 405', async () => {
      for (const method of ['POST', 'DELETE', 'PATCH']) {
        const res = await t.wire(method, '{"type": "protocol"}');
        expect([res.status, res.headers.allow]).toEqual([405, 'GET,HEAD,PUT']);
      }
    });

    it('answers 400 "Malformed request" to what is not a request', async () => {
      const bodies = [
        '',
        'not json',
        '{"type": "protocol"',
        '[1, 2]',
        '"protocol"',
        '{}',
        '{"type": "nonsense"}',
      ];
      bodies.push(
        '{"type": 7}',
        '{"type": "transformation"}',
        Buffer.from([0x7b, 0xff, 0x7d]).toString('latin1'),
      );
      for (const body of bodies) {
        expect(await answer(get(body))).toEqual([400, 'ERROR: Malformed request']);
        expect(await answer(put(body))).toEqual([400, 'ERROR: Malformed request']);
      }
      const invalidUtf8 = await t.wire('GET', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
      expect([invalidUtf8.status, invalidUtf8.body]).toEqual([400, 'ERROR: Malformed request']);
    });

    it('answers 400, never 500, to bad checksums', async () => {
      const bad = [
        'zz'.repeat(32),
        'a'.repeat(63),
        'a'.repeat(65),
        'a'.repeat(66),
        '',
        42,
        null,
        ['a'],
        { a: 1 },
      ];
      for (const checksum of bad) {
        expect(await answer(get({ type: 'transformation', checksum }))).toEqual([
          400,
          'ERROR: Malformed request',
        ]);
        expect(await answer(put({ type: 'transformation', checksum, value: cs('1') }))).toEqual([
          400,
          'ERROR: Malformed request',
        ]);
      }
    });

    it('accepts uppercase (and hex spaced as Python reads it) and stores lowercase', async () => {
      expect(
        await answer(put({ type: 'transformation', checksum: 'C'.repeat(64), value: 'D'.repeat(64) })),
      ).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'transformation', checksum: cs('c') }))).toEqual([200, cs('d')]);
      const spaced = `${'cc '.repeat(31)}cc`;
      expect(await answer(get({ type: 'transformation', checksum: spaced }))).toEqual([200, cs('d')]);
    });

    it('answers 413 to a streamed body that grows over the limit', async () => {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: t.wirePort, method: 'PUT', path: '/' }, (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode!, body }));
        });
        req.on('error', reject);
        req.write(`{"type": "buffer_info", "checksum": "${cs('e')}", "value": {"dtype": "`);
        req.write('x'.repeat(3000));
        req.write('x'.repeat(3000));
        req.end('"}}');
      });
      expect(res).toEqual({ status: 413, body: 'ERROR: Request body too large (the limit is 4096 bytes)' });
    });

    it('answers 413 to a body over the limit', async () => {
      const res = await put({ type: 'buffer_info', checksum: cs('e'), value: { dtype: 'x'.repeat(5000) } });
      expect(res.status).toBe(413);
      expect(res.body).toBe('ERROR: Request body too large (the limit is 4096 bytes)');
    });
  });

  describe('transformation and rev_transformations', () => {
    const tf = cs('0');
    it('are unknown until stored (404 "Unknown key")', async () => {
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
      expect(await answer(get({ type: 'rev_transformations', checksum: cs('9') }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
    });

    it('store a result, replace it on a later write, and remember both in reverse', async () => {
      expect(await answer(put({ type: 'transformation', checksum: tf, value: cs('8') }))).toEqual([
        200,
        'OK',
      ]);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: cs('8') }))).toEqual([
        200,
        'OK',
      ]);
      expect(await answer(put({ type: 'transformation', checksum: cs('7'), value: cs('8') }))).toEqual([
        200,
        'OK',
      ]);
      expect(await answer(get({ type: 'rev_transformations', checksum: cs('8') }))).toEqual([
        200,
        `["${tf}", "${cs('7')}"]`,
      ]);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: cs('9') }))).toEqual([
        200,
        'OK',
      ]);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, cs('9')]);
      expect(await answer(get({ type: 'rev_transformations', checksum: cs('9') }))).toEqual([
        200,
        `["${tf}"]`,
      ]);
    });

    it('refuse a value that is not a checksum', async () => {
      for (const value of [undefined, 'nope', 5, cs('1').slice(1)]) {
        expect(await answer(put({ type: 'transformation', checksum: tf, value }))).toEqual([
          400,
          'ERROR: Malformed PUT transformation result request: value must be a checksum',
        ]);
      }
    });

    it('refuse PUT of lookup-only types and GET of contest', async () => {
      for (const type of ['rev_transformations', 'syntactic_to_semantic', 'rev_expression', 'protocol']) {
        expect(await answer(put({ type, checksum: tf }))).toEqual([400, 'ERROR: Unknown request type']);
      }
      expect(await answer(get({ type: 'contest', checksum: tf }))).toEqual([
        400,
        'ERROR: Unknown request type',
      ]);
    });
  });

  describe('buffer_info', () => {
    const buffer = cs('4');
    it('merges reports and answers them with sorted keys', async () => {
      expect(await answer(get({ type: 'buffer_info', checksum: buffer }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
      expect(
        await answer(
          put({ type: 'buffer_info', checksum: buffer, value: { length: 12, is_utf8: true, shape: [3, 4] } }),
        ),
      ).toEqual([200, 'OK']);
      expect(
        await answer(
          put({
            type: 'buffer_info',
            checksum: buffer,
            value: { is_json: false, str2text: 'A'.repeat(64), length: 13 },
          }),
        ),
      ).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'buffer_info', checksum: buffer }))).toEqual([
        200,
        `{"is_json": false, "is_utf8": true, "length": 13, "shape": [3, 4], "str2text": "${cs('a')}"}`,
      ]);
    });

    it.each([
      ['a negative length', { length: -1 }],
      ['a fractional length', { length: 1.5 }],
      ['a float length', '{"length": 2.0}'],
      ['a non-boolean is_ field', { is_json: 'yes' }],
      ['a conversion that is not a checksum', { json2binary: 'abc' }],
      ['an unknown field', { colour: 'blue' }],
      ['a value that is not an object', [1, 2]],
      ['no value', undefined],
    ])('refuses %s (400)', async (_what, value) => {
      const body =
        typeof value === 'string'
          ? `{"type": "buffer_info", "checksum": "${buffer}", "value": ${value}}`
          : { type: 'buffer_info', checksum: buffer, value };
      expect(await answer(put(body))).toEqual([400, 'ERROR: Malformed PUT buffer info request']);
    });
  });

  describe('semantic_to_syntactic and syntactic_to_semantic', () => {
    const semantic = cs('5');
    const [s1, s2] = [cs('6'), cs('7')];
    it('add rows (duplicates ignored) and look them up both ways, per celltype', async () => {
      const key = { checksum: semantic, celltype: 'plain', subcelltype: '' };
      expect(
        await answer(put({ type: 'semantic_to_syntactic', ...key, value: [s2, s1.toUpperCase(), s2] })),
      ).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'semantic_to_syntactic', ...key, value: [s1] }))).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'semantic_to_syntactic', ...key }))).toEqual([
        200,
        `["${s1}", "${s2}"]`,
      ]);
      expect(
        await answer(
          get({ type: 'syntactic_to_semantic', checksum: s1, celltype: 'plain', subcelltype: '' }),
        ),
      ).toEqual([200, `["${semantic}"]`]);
      expect(await answer(get({ type: 'semantic_to_syntactic', ...key, celltype: 'text' }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
    });

    it('need a celltype and a subcelltype, and a list of checksums', async () => {
      expect(
        await answer(get({ type: 'semantic_to_syntactic', checksum: semantic, celltype: 'plain' })),
      ).toEqual([400, 'ERROR: Malformed semantic-to-syntactic request']);
      expect(await answer(get({ type: 'syntactic_to_semantic', checksum: s1, subcelltype: '' }))).toEqual([
        400,
        'ERROR: Malformed syntactic-to-semantic request',
      ]);
      const key = { type: 'semantic_to_syntactic', checksum: semantic, celltype: 'plain', subcelltype: '' };
      for (const value of [s1, ['nope'], undefined]) {
        expect(await answer(put({ ...key, value }))).toEqual([
          400,
          'ERROR: Malformed PUT semantic-to-syntactic request',
        ]);
      }
    });
  });

  describe('expression and rev_expression', () => {
    const input = cs('a');
    const key = { checksum: input, path: ['x', 0], celltype: 'mixed', target_celltype: 'plain' };
    it('store a result (a later write replaces it) and find it back both ways', async () => {
      expect(await answer(get({ type: 'expression', ...key }))).toEqual([404, 'ERROR: Unknown key']);
      expect(await answer(put({ type: 'expression', ...key, value: cs('b') }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'expression', ...key, value: cs('c') }))).toEqual([200, 'OK']);
      expect(
        await answer(put({ type: 'expression', ...key, path: '', celltype: 'int', value: cs('c') })),
      ).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'expression', ...key }))).toEqual([200, cs('c')]);
      expect(await answer(get({ type: 'expression', ...key, path: ['x', 1] }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
      expect(await answer(get({ type: 'rev_expression', checksum: cs('c') }))).toEqual([
        200,
        `[{"checksum": "${input}", "path": "", "celltype": "int", "target_celltype": "plain", "result": "${cs('c')}"}, ` +
          `{"checksum": "${input}", "path": ["x", 0], "celltype": "mixed", "target_celltype": "plain", "result": "${cs('c')}"}]`,
      ]);
      expect(await answer(get({ type: 'rev_expression', checksum: cs('b') }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
    });

    it('need path, celltype and target_celltype', async () => {
      for (const missing of ['path', 'celltype', 'target_celltype']) {
        const request: Record<string, unknown> = { type: 'expression', ...key, value: cs('b') };
        delete request[missing];
        expect(await answer(get(request))).toEqual([400, 'ERROR: Malformed expression request']);
        expect(await answer(put(request))).toEqual([400, 'ERROR: Malformed expression request']);
      }
      expect(await answer(put({ type: 'expression', ...key, value: 'nope' }))).toEqual([
        400,
        'ERROR: Malformed expression request',
      ]);
    });

    it.each([
      ['a non-empty path with another celltype', { celltype: 'int' }],
      ['a path longer than 100 characters as JSON', { path: 'p'.repeat(99) }],
      ['a celltype over 20 characters', { celltype: 'm'.repeat(21), path: '' }],
      ['a target_celltype over 20 characters', { target_celltype: 't'.repeat(21) }],
      ['a path that is a number', { path: 3 }],
    ])('refuse %s (constraint violation)', async (_what, change) => {
      expect(await answer(put({ type: 'expression', ...key, ...change, value: cs('b') }))).toEqual([
        400,
        'ERROR: Malformed expression request (constraint violation)',
      ]);
    });
  });

  describe('metadata (execution records)', () => {
    const record = (tf: string, result: string, extra = '') =>
      `{"schema_version": 1, "checksum_fields": ["node"], "tf_checksum": "${tf}", "result_checksum": "${result}", ` +
      `"wall_time_seconds": 1.0, "memory_peak_bytes": 123456789012345678901, "host": "n\\u00f6de"${extra}}`;
    const putRecord = (tf: string, result: string, value: string) =>
      put(`{"type": "metadata", "checksum": "${tf}", "result": "${result}", "value": ${value}}`);

    it('come back as they were sent, and create the transformation and its reverse row', async () => {
      const [tf, result] = [cs('1'), cs('e')];
      const compact = record(tf, result).replace(/": /g, '":').replace(/, "/g, ',"');
      expect(await answer(putRecord(tf, result, compact))).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'metadata', checksum: tf }))).toEqual([200, record(tf, result)]);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, result]);
      expect(await answer(get({ type: 'rev_transformations', checksum: result }))).toEqual([
        200,
        `["${tf}"]`,
      ]);
      expect((await t.records.getExecutionRecord(tf))?.text).toBe(compact);
    });

    it('accept an identical repeat, also sent as JSON text', async () => {
      const [tf, result] = [cs('2'), cs('e')];
      expect(await answer(putRecord(tf, result, record(tf, result)))).toEqual([200, 'OK']);
      expect(await answer(putRecord(tf, result, record(tf, result)))).toEqual([200, 'OK']);
      expect(await answer(putRecord(tf, result, JSON.stringify(record(tf, result))))).toEqual([200, 'OK']);
    });

    it('refuse what conflicts with what is stored (409)', async () => {
      const [tf, r1, r2] = [cs('3'), cs('e'), cs('f')];
      expect(await answer(put({ type: 'transformation', checksum: tf, value: r2 }))).toEqual([200, 'OK']);
      expect(await answer(putRecord(tf, r1, record(tf, r1)))).toEqual([
        409,
        'ERROR: Transformation result does not match execution record result',
      ]);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: r1 }))).toEqual([200, 'OK']);
      expect(await answer(putRecord(tf, r1, record(tf, r1)))).toEqual([200, 'OK']);
      expect(await answer(putRecord(tf, r1, record(tf, r1, ', "extra": true')))).toEqual([
        409,
        'ERROR: Execution record already exists with different metadata',
      ]);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: r2 }))).toEqual([200, 'OK']);
      expect(await answer(putRecord(tf, r2, record(tf, r2)))).toEqual([
        409,
        'ERROR: Execution record result does not match stored metadata result',
      ]);
      const other = cs('4');
      expect(await answer(put({ type: 'irreproducible', checksum: other, result: r1 }))).toEqual([200, 'OK']);
      expect(await answer(putRecord(other, r1, record(other, r1)))).toEqual([
        409,
        'ERROR: Transformation already has irreproducible records',
      ]);
    });

    it.each([
      ['schema_version is missing', '{"x": 1}', 'schema_version must be an integer'],
      ['schema_version is a string', '{"schema_version": "1"}', 'schema_version must be an integer'],
      ['schema_version is a float', '{"schema_version": 1.0}', 'schema_version must be an integer'],
      [
        'tf_checksum differs',
        `{"schema_version": 1, "tf_checksum": "${cs('9')}"}`,
        "tf_checksum must be the request's checksum",
      ],
      [
        'result_checksum differs',
        `{"schema_version": 1, "result_checksum": "${cs('9')}"}`,
        "result_checksum must be the request's result",
      ],
      [
        'checksum_fields has an empty name',
        '{"schema_version": 1, "checksum_fields": [""]}',
        'checksum_fields must be a list of non-empty strings',
      ],
      [
        'checksum_fields is not a list',
        '{"schema_version": 1, "checksum_fields": "node"}',
        'checksum_fields must be a list of non-empty strings',
      ],
      ['the value is a list', '[1]', 'value must be an execution record: an object, or the JSON text of one'],
      [
        'the value is JSON text of a list',
        '"[1]"',
        'value must be an execution record: an object, or the JSON text of one',
      ],
    ])('refuse a record where %s (400)', async (_what, value, message) => {
      expect(await answer(putRecord(cs('5'), cs('e'), value))).toEqual([
        400,
        `ERROR: Malformed PUT metadata request: ${message}`,
      ]);
    });

    it('need a result checksum', async () => {
      expect(
        await answer(put({ type: 'metadata', checksum: cs('5'), value: { schema_version: 1 } })),
      ).toEqual([400, 'ERROR: Malformed PUT metadata request: result must be a checksum']);
      expect(await answer(get({ type: 'metadata', checksum: cs('5') }))).toEqual([404, 'ERROR: Unknown key']);
    });
  });

  describe('irreproducible (and contest)', () => {
    it('withdraws a result, keeping its execution record, and lists what was withdrawn', async () => {
      const [tf, result] = [cs('6'), `${'d'.repeat(63)}0`];
      const value = { schema_version: 1, tf_checksum: tf, result_checksum: result };
      expect(await answer(put({ type: 'metadata', checksum: tf, result, value }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'irreproducible', checksum: tf, result: cs('c') }))).toEqual([
        404,
        'ERROR: Transformation does not have the irreproducible result',
      ]);
      expect(await answer(put({ type: 'irreproducible', checksum: tf, result }))).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
      expect(await answer(get({ type: 'metadata', checksum: tf }))).toEqual([404, 'ERROR: Unknown key']);
      expect(await answer(get({ type: 'rev_transformations', checksum: result }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
      const listed = `[{"checksum": "${tf}", "result": "${result}", "metadata": {"schema_version": 1, "tf_checksum": "${tf}", "result_checksum": "${result}"}}]`;
      expect(await answer(get({ type: 'irreproducible', checksum: tf }))).toEqual([200, listed]);
      expect(await answer(get({ type: 'irreproducible', checksum: tf, result }))).toEqual([200, listed]);
      expect(await answer(get({ type: 'irreproducible', checksum: tf, result: cs('c') }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
      expect(await answer(get({ type: 'irreproducible', checksum: tf, result: 'nope' }))).toEqual([
        400,
        'ERROR: Malformed irreproducible request: result must be a checksum',
      ]);
    });

    it('accepts contest from older clients, with "" for a missing record', async () => {
      const [tf, result] = [cs('7'), cs('d')];
      expect(await answer(put({ type: 'transformation', checksum: tf, value: result }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'contest', checksum: tf, result }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'contest', checksum: tf, result }))).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'irreproducible', checksum: tf }))).toEqual([
        200,
        `[{"checksum": "${tf}", "result": "${result}", "metadata": ""}]`,
      ]);
      expect(await answer(put({ type: 'contest', checksum: tf }))).toEqual([
        400,
        'ERROR: Malformed PUT contest request: result must be a checksum',
      ]);
    });

    it('refuses when the stored execution record has another result (409)', async () => {
      const [tf, r1, r2] = [cs('8'), cs('d'), cs('c')];
      const value = { schema_version: 1 };
      expect(await answer(put({ type: 'metadata', checksum: tf, result: r1, value }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: r2 }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'irreproducible', checksum: tf, result: r2 }))).toEqual([
        409,
        'ERROR: Execution record result does not match the irreproducible result',
      ]);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, r2]);
    });
  });

  describe('bucket_probe', () => {
    const probe = {
      bucket_kind: 'environment',
      label: 'conda:/envs/seamless1',
      bucket_checksum: cs('3'),
      captured_at: '2026-04-26T12:00:00Z',
      freshness_tokens: { conda_meta_mtime: 123, mtime: 1.5 },
    };
    it('stores the latest probe per kind and label', async () => {
      const key = { type: 'bucket_probe', bucket_kind: 'environment', label: probe.label };
      expect(await answer(get(key))).toEqual([404, 'ERROR: Unknown key']);
      expect(await answer(put({ type: 'bucket_probe', ...probe }))).toEqual([200, 'OK']);
      expect(
        await answer(put({ type: 'bucket_probe', ...probe, captured_at: '2026-04-26T12:05:00Z' })),
      ).toEqual([200, 'OK']);
      expect(await answer(get(key))).toEqual([
        200,
        `{"bucket_kind": "environment", "label": "conda:/envs/seamless1", "bucket_checksum": "${cs('3')}", ` +
          '"captured_at": "2026-04-26T12:05:00Z", "freshness_tokens": {"conda_meta_mtime": 123, "mtime": 1.5}}',
      ]);
      expect(await answer(get({ ...key, bucket_kind: 'node' }))).toEqual([404, 'ERROR: Unknown key']);
      expect(await answer(get({ ...key, bucket_kind: 'galaxy' }))).toEqual([
        400,
        'ERROR: Malformed GET bucket_probe request',
      ]);
    });

    it.each([
      ['an unknown bucket_kind', { bucket_kind: 'cluster' }],
      ['an empty label', { label: '' }],
      ['a bucket_checksum that is not one', { bucket_checksum: 'abc' }],
      ['an empty captured_at', { captured_at: '' }],
      ['freshness_tokens that are not an object', { freshness_tokens: [1] }],
      ['a missing field', { freshness_tokens: undefined }],
    ])('refuses %s (400)', async (_what, change) => {
      expect(await answer(put({ type: 'bucket_probe', ...probe, ...change }))).toEqual([
        400,
        'ERROR: Malformed PUT bucket_probe request',
      ]);
    });
  });

  describe('under concurrent requests', () => {
    it('merges every buffer info report sent at once (none lost)', async () => {
      const buffer = `${'4'.repeat(63)}0`;
      const reports: Record<string, unknown>[] = [{ length: 1 }, { is_utf8: true }, { is_json: false }];
      reports.push({ json_type: 'dict' }, { is_numpy: false }, { dtype: 'u1' }, { shape: [1] });
      reports.push({ is_seamless_mixed: true });
      const answers = await Promise.all(
        reports.map((value) => answer(put({ type: 'buffer_info', checksum: buffer, value }))),
      );
      expect(answers).toEqual(reports.map(() => [200, 'OK']));
      const [status, body] = await answer(get({ type: 'buffer_info', checksum: buffer }));
      expect(status).toBe(200);
      expect(Object.keys(JSON.parse(body))).toEqual([
        'dtype',
        'is_json',
        'is_numpy',
        'is_seamless_mixed',
        'is_utf8',
        'json_type',
        'length',
        'shape',
      ]);
    });

    it('accepts the same execution record sent many times at once, and stores it once', async () => {
      const [tf, result] = [`${'1'.repeat(63)}0`, cs('e')];
      const request = { type: 'metadata', checksum: tf, result, value: { schema_version: 1, n: 1 } };
      const answers = await Promise.all(Array.from({ length: 10 }, () => answer(put(request))));
      expect(answers).toEqual(answers.map(() => [200, 'OK']));
      expect(await answer(get({ type: 'rev_transformations', checksum: result }))).toEqual([
        200,
        expect.stringContaining(tf),
      ]);
      expect(await t.records.getExecutionRecord(tf)).toEqual({
        checksum: tf,
        result,
        text: '{"schema_version":1,"n":1}',
      });
    });
  });

  describe('the listener in the app', () => {
    const settings = (port: number, enabled = true) =>
      ({ host: '127.0.0.1', seamless: { enabled, port, bodyLimitBytes: 4096 } }) as SimvaultConfig;
    const logger = createLogger('silent');

    it('says which setting to change when its port is taken', async () => {
      const second = new SeamlessListenerService(t.records, settings(t.wirePort), logger, true);
      await expect(second.onApplicationBootstrap()).rejects.toThrow(
        `The seamless-database listener cannot listen on 127.0.0.1:${t.wirePort} (SIMVAULT_SEAMLESS_PORT)`,
      );
    });

    it('does not start when disabled', async () => {
      const disabled = new SeamlessListenerService(t.records, settings(0, false), logger, true);
      await disabled.onApplicationBootstrap();
      expect(disabled.port).toBeUndefined();
      await disabled.beforeApplicationShutdown();
    });
  });

  it('a read-only protocol refuses every PUT with 405', async () => {
    const readOnly = new SeamlessProtocol(t.records, false);
    expect(await readOnly.handle('PUT', '{"type": "transformation"}')).toEqual({
      status: 405,
      body: 'ERROR: Database server is read-only',
    });
    expect(await readOnly.handle('GET', `{"type": "transformation", "checksum": "${cs('a')}"}`)).toEqual({
      status: 200,
      body: cs('b'),
    });
  });
});
