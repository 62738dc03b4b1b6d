import { request } from 'node:http';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { createLogger, loadConfig, type Logger, type SimvaultConfig } from '@simvault/core';
import { SeamlessListener, SeamlessListenerService, SeamlessProtocol } from '../src';
import { startSeamlessApp, wire, type SeamlessTestApp } from './seamless-app';

interface Logged {
  level: 'info' | 'warn' | 'error';
  details: Record<string, unknown>;
  message: string;
}

/** A logger that keeps what it is told (pino's calling shape), to check what reaches the server log. */
function recordingLogger(): { logger: Logger; logged: Logged[] } {
  const logged: Logged[] = [];
  const at = (level: Logged['level']) => (details: Record<string, unknown>, message: string) =>
    logged.push({ level, details, message });
  const logger = { info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger;
  (logger as unknown as { child: () => Logger }).child = () => logger;
  return { logger, logged };
}

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

    it("refuses other methods with 405, in the protocol's ERROR form", async () => {
      for (const method of ['POST', 'DELETE', 'PATCH']) {
        const res = await t.wire(method, '{"type": "protocol"}');
        expect([res.status, res.headers.allow, res.body]).toEqual([
          405,
          'GET,HEAD,PUT',
          'ERROR: Method Not Allowed',
        ]);
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
        `{"is_json": false, "is_utf8": true, "length": 13, "shape": [3, 4], "str2text": "${'A'.repeat(64)}"}`,
      ]);
    });

    it('keeps fields beyond the 16 it knows, and any value in a conversion field, as sent (forward compatibility)', async () => {
      const newer = `${'4'.repeat(63)}1`;
      const sent =
        '{"type": "buffer_info", "checksum": "' +
        newer +
        '", "value": {"length": 3, "json2binary": "not-a-checksum", "str2text": null, ' +
        '"binary2bytes": {"hash": "sha-256", "cs": 7}, "zz_new_field": [1.0, "x"], "compression": "zstd", "is_future": 2}}';
      expect(await answer(put(sent))).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'buffer_info', checksum: newer }))).toEqual([
        200,
        '{"binary2bytes": {"cs": 7, "hash": "sha-256"}, "compression": "zstd", "is_future": 2, ' +
          '"json2binary": "not-a-checksum", "length": 3, "str2text": null, "zz_new_field": [1.0, "x"]}',
      ]);
    });

    it.each([
      ['a negative length', { length: -1 }],
      ['a fractional length', { length: 1.5 }],
      ['a float length', '{"length": 2.0}'],
      ['a non-boolean is_ field', { is_json: 'yes' }],
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

    // Identity fields of the record sent for checksum 5…5 and result e…e.
    const ids = `"tf_checksum": "${cs('5')}", "result_checksum": "${cs('e')}"`;
    it.each([
      ['schema_version is missing', `{${ids}}`],
      ['schema_version is a string', `{"schema_version": "1", ${ids}}`],
      ['schema_version is a float', `{"schema_version": 1.0, ${ids}}`],
      ['tf_checksum is missing', `{"schema_version": 1, "result_checksum": "${cs('e')}"}`],
      ['result_checksum is missing', `{"schema_version": 1, "tf_checksum": "${cs('5')}"}`],
      [
        'tf_checksum differs',
        `{"schema_version": 1, "tf_checksum": "${cs('9')}", "result_checksum": "${cs('e')}"}`,
      ],
      [
        'result_checksum differs',
        `{"schema_version": 1, "tf_checksum": "${cs('5')}", "result_checksum": "${cs('9')}"}`,
      ],
      ['checksum_fields has an empty name', `{"schema_version": 1, ${ids}, "checksum_fields": [""]}`],
      ['checksum_fields is not a list', `{"schema_version": 1, ${ids}, "checksum_fields": "node"}`],
      ['the value is a list', '[1]'],
      ['the value is JSON text of a list', '"[1]"'],
      ['the value is JSON text that is not JSON', '"{oops"'],
    ])("refuse a record where %s (400, the reference's words), storing nothing", async (_what, value) => {
      expect(await answer(putRecord(cs('5'), cs('e'), value))).toEqual([
        400,
        'ERROR: Malformed PUT metadata request',
      ]);
      expect(await answer(get({ type: 'metadata', checksum: cs('5') }))).toEqual([404, 'ERROR: Unknown key']);
      expect(await answer(get({ type: 'transformation', checksum: cs('5') }))).toEqual([
        404,
        'ERROR: Unknown key',
      ]);
    });

    it('need a result checksum', async () => {
      const value = { schema_version: 1, tf_checksum: cs('5'), result_checksum: cs('e') };
      expect(await answer(put({ type: 'metadata', checksum: cs('5'), value }))).toEqual([
        400,
        'ERROR: Malformed PUT metadata request',
      ]);
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
        "ERROR: Malformed 'irreproducible' request",
      ]);
      expect(await answer(put({ type: 'irreproducible', checksum: tf, result: 'nope' }))).toEqual([
        400,
        "ERROR: Malformed 'irreproducible' request",
      ]);
      // An irreproducible transformation gets no execution record again (the reference's rule).
      expect(await answer(put({ type: 'metadata', checksum: tf, result, value }))).toEqual([
        409,
        'ERROR: Transformation already has irreproducible records',
      ]);
    });

    it('refuses when the stored execution record has another result (409)', async () => {
      const [tf, r1, r2] = [cs('8'), cs('d'), cs('c')];
      const value = { schema_version: 1, tf_checksum: tf, result_checksum: r1 };
      expect(await answer(put({ type: 'metadata', checksum: tf, result: r1, value }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: r2 }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'irreproducible', checksum: tf, result: r2 }))).toEqual([
        409,
        'ERROR: Stored metadata result does not match irreproducible result',
      ]);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, r2]);
    });
  });

  describe('contest (seamless-remote undo_transformation_result)', () => {
    const record = (tf: string, result: string) => ({
      schema_version: 1,
      tf_checksum: tf,
      result_checksum: result,
      wall_time_seconds: 1.5,
    });

    it('withdraws a wrong result, after which the right one can be computed and recorded', async () => {
      const [tf, wrong, right] = [`${'7'.repeat(63)}1`, `${'d'.repeat(63)}1`, `${'c'.repeat(63)}1`];
      expect(
        await answer(put({ type: 'metadata', checksum: tf, result: wrong, value: record(tf, wrong) })),
      ).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'contest', checksum: tf, result: wrong }))).toEqual([200, 'OK']);
      // Gone everywhere; and not irreproducible: nothing is listed, nothing blocks the next record.
      const gone = [
        { type: 'transformation', checksum: tf },
        { type: 'metadata', checksum: tf },
        { type: 'rev_transformations', checksum: wrong },
        { type: 'irreproducible', checksum: tf },
      ];
      for (const request of gone) expect(await answer(get(request))).toEqual([404, 'ERROR: Unknown key']);
      expect(
        await answer(put({ type: 'metadata', checksum: tf, result: right, value: record(tf, right) })),
      ).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, right]);
      expect(await answer(get({ type: 'metadata', checksum: tf }))).toEqual([
        200,
        `{"schema_version": 1, "tf_checksum": "${tf}", "result_checksum": "${right}", "wall_time_seconds": 1.5}`,
      ]);
    });

    it('is idempotent, 404 for a result the transformation does not have, and needs a result', async () => {
      const [tf, result, other] = [`${'7'.repeat(63)}2`, cs('d'), cs('b')];
      expect(await answer(put({ type: 'transformation', checksum: tf, value: result }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'contest', checksum: tf, result: other }))).toEqual([
        404,
        'ERROR: Transformation does not have the contested result',
      ]);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, result]);
      expect(await answer(put({ type: 'contest', checksum: tf, result }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'contest', checksum: tf, result }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: result }))).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, result]);
      expect(await answer(put({ type: 'contest', checksum: tf }))).toEqual([
        400,
        "ERROR: Malformed 'contest' request",
      ]);
    });

    it('withdraws an execution record left behind by a replaced result, so a new one can be recorded', async () => {
      const [tf, r1, r2, r3] = [`${'7'.repeat(63)}3`, cs('d'), cs('c'), cs('b')];
      expect(
        await answer(put({ type: 'metadata', checksum: tf, result: r1, value: record(tf, r1) })),
      ).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'transformation', checksum: tf, value: r2 }))).toEqual([200, 'OK']);
      expect(await answer(put({ type: 'contest', checksum: tf, result: r2 }))).toEqual([200, 'OK']);
      expect(
        await answer(put({ type: 'metadata', checksum: tf, result: r3, value: record(tf, r3) })),
      ).toEqual([409, 'ERROR: Execution record result does not match stored metadata result']);
      expect(await answer(put({ type: 'contest', checksum: tf, result: r1 }))).toEqual([200, 'OK']);
      expect(
        await answer(put({ type: 'metadata', checksum: tf, result: r3, value: record(tf, r3) })),
      ).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'transformation', checksum: tf }))).toEqual([200, r3]);
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
      // A kind no probe can have is not a malformed request: the reference finds nothing (404).
      expect(await answer(get({ ...key, bucket_kind: 'galaxy' }))).toEqual([404, 'ERROR: Unknown key']);
      expect(await answer(get({ ...key, bucket_kind: 7 }))).toEqual([404, 'ERROR: Unknown key']);
      expect(await answer(get({ ...key, label: '' }))).toEqual([
        400,
        'ERROR: Malformed GET bucket_probe request',
      ]);
    });

    it('takes freshness_tokens sent as the JSON text of an object, and stores the object', async () => {
      const label = 'queue:gpu';
      const sent = {
        type: 'bucket_probe',
        ...probe,
        bucket_kind: 'queue',
        label,
        freshness_tokens: '{"jobs": 3, "mtime": 2.0}',
      };
      expect(await answer(put(sent))).toEqual([200, 'OK']);
      expect(await answer(get({ type: 'bucket_probe', bucket_kind: 'queue', label }))).toEqual([
        200,
        `{"bucket_kind": "queue", "label": "queue:gpu", "bucket_checksum": "${cs('3')}", ` +
          '"captured_at": "2026-04-26T12:00:00Z", "freshness_tokens": {"jobs": 3, "mtime": 2.0}}',
      ]);
      for (const text of ['[1, 2]', '"tokens"', '{"jobs": ', '']) {
        expect(await answer(put({ ...sent, freshness_tokens: text }))).toEqual([
          400,
          'ERROR: Malformed PUT bucket_probe request',
        ]);
      }
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
      const value = { schema_version: 1, n: 1, tf_checksum: tf, result_checksum: result };
      const request = { type: 'metadata', checksum: tf, result, value };
      const answers = await Promise.all(Array.from({ length: 10 }, () => answer(put(request))));
      expect(answers).toEqual(answers.map(() => [200, 'OK']));
      expect(await answer(get({ type: 'rev_transformations', checksum: result }))).toEqual([
        200,
        expect.stringContaining(tf),
      ]);
      expect(await t.records.getExecutionRecord(tf)).toEqual({
        checksum: tf,
        result,
        text: `{"schema_version":1,"n":1,"tf_checksum":"${tf}","result_checksum":"${result}"}`,
      });
    });
  });

  describe('error answers', () => {
    let listener: SeamlessListener;
    let logged: Logged[];
    let port: number;
    beforeAll(async () => {
      const recording = recordingLogger();
      logged = recording.logged;
      listener = new SeamlessListener(new SeamlessProtocol(t.records, true), {
        host: '127.0.0.1',
        port: 0,
        bodyLimitBytes: 4096,
        log: recording.logger,
      });
      port = (await listener.listen()).port;
    });
    afterAll(() => listener.close());
    const send = async (method: string, body: object | string): Promise<[number, string]> => {
      const res = await wire(port, method, typeof body === 'string' ? body : JSON.stringify(body));
      return [res.status, res.body];
    };

    it("are the reference's words, nothing appended; the reason goes to the server log", async () => {
      const [tf, r1, r2] = [`${'9'.repeat(63)}1`, cs('d'), cs('c')];
      const record = { schema_version: 1, tf_checksum: tf, result_checksum: r1 };
      const cases: [string, object | string, number, string, string | undefined][] = [
        ['PUT', { type: 'protocol' }, 400, 'ERROR: Malformed request', 'checksum is missing'],
        [
          'PUT',
          { type: 'metadata', checksum: tf, result: r1, value: { ...record, tf_checksum: r2 } },
          400,
          'ERROR: Malformed PUT metadata request',
          "tf_checksum must be the request's checksum",
        ],
        [
          'PUT',
          { type: 'metadata', checksum: tf, result: 'short', value: record },
          400,
          'ERROR: Malformed PUT metadata request',
          'result must be a checksum',
        ],
        [
          'PUT',
          { type: 'irreproducible', checksum: tf },
          400,
          "ERROR: Malformed 'irreproducible' request",
          'result must be a checksum',
        ],
        [
          'GET',
          { type: 'irreproducible', checksum: tf, result: 7 },
          400,
          "ERROR: Malformed 'irreproducible' request",
          'result must be a checksum',
        ],
        [
          'PUT',
          { type: 'contest', checksum: tf, result: [] },
          400,
          "ERROR: Malformed 'contest' request",
          'result must be a checksum',
        ],
        [
          'PUT',
          { type: 'bucket_probe', bucket_kind: 'node', label: 'x' },
          400,
          'ERROR: Malformed PUT bucket_probe request',
          'bucket_checksum must be a checksum',
        ],
        [
          'GET',
          '{"type": "transformation", "checksum": ',
          400,
          'ERROR: Malformed request',
          'the body is not JSON',
        ],
      ];
      for (const [method, body, status, answer, reason] of cases) {
        logged.length = 0;
        expect(await send(method, body)).toEqual([status, answer]);
        expect(logged).toEqual([
          {
            level: 'info',
            details: expect.objectContaining({ status, answer, reason: expect.stringContaining(reason!) }),
            message: 'seamless-database request refused',
          },
        ]);
      }
      expect(await send('PUT', { type: 'metadata', checksum: tf, result: r1, value: record })).toEqual([
        200,
        'OK',
      ]);
      expect(await send('PUT', { type: 'transformation', checksum: tf, value: r2 })).toEqual([200, 'OK']);
      expect(await send('PUT', { type: 'irreproducible', checksum: tf, result: r2 })).toEqual([
        409,
        'ERROR: Stored metadata result does not match irreproducible result',
      ]);
    });

    it('are 400 where the reference crashes with 500: bad checksums, non-JSON bodies, bad values', async () => {
      const good = cs('1');
      const bodies: [string, object | string, string][] = [];
      for (const checksum of ['a'.repeat(62), 'a'.repeat(66), '', 'ab', 42, null, true, ['a'], { a: 1 }]) {
        bodies.push(['GET', { type: 'transformation', checksum }, 'ERROR: Malformed request']);
        bodies.push(['PUT', { type: 'transformation', checksum, value: good }, 'ERROR: Malformed request']);
        bodies.push([
          'PUT',
          { type: 'metadata', checksum: good, result: checksum, value: {} },
          'ERROR: Malformed PUT metadata request',
        ]);
      }
      for (const text of ['', 'nope', '{"type": "transformation"', '\u0000', '[]', '"x"', '1e999']) {
        bodies.push(['GET', text, 'ERROR: Malformed request'], ['PUT', text, 'ERROR: Malformed request']);
      }
      bodies.push(
        [
          'PUT',
          { type: 'transformation', checksum: good, value: 'a'.repeat(63) },
          'ERROR: Malformed PUT transformation result request: value must be a checksum',
        ],
        [
          'PUT',
          { type: 'buffer_info', checksum: good, value: { length: -1 } },
          'ERROR: Malformed PUT buffer info request',
        ],
        [
          'PUT',
          { type: 'buffer_info', checksum: good, value: 'x' },
          'ERROR: Malformed PUT buffer info request',
        ],
        [
          'PUT',
          { type: 'semantic_to_syntactic', checksum: good, celltype: 'plain', subcelltype: '', value: ['x'] },
          'ERROR: Malformed PUT semantic-to-syntactic request',
        ],
        [
          'PUT',
          { type: 'irreproducible', checksum: good, result: 'a'.repeat(65) },
          "ERROR: Malformed 'irreproducible' request",
        ],
      );
      for (const [method, body, answer] of bodies) {
        expect([method, body, await send(method, body)]).toEqual([method, body, [400, answer]]);
      }
    });

    it("refuse an integer of more digits than CPython reads (4300), keeping records' numbers exact", async () => {
      const protocol = new SeamlessProtocol(t.records, true);
      const [tf, result] = [`${'9'.repeat(63)}2`, cs('d')];
      const ids = `"tf_checksum": "${tf}", "result_checksum": "${result}"`;
      const longest = '7'.repeat(4300);
      const record = `{"schema_version": 1, ${ids}, "n": ${longest}, "m": -${longest}, "f": 1.0, "g": 1e+300}`;
      const put = (value: string) =>
        protocol.handle(
          'PUT',
          `{"type": "metadata", "checksum": "${tf}", "result": "${result}", "value": ${value}}`,
        );
      for (const digits of [4301, 1_000_000]) {
        expect(await put(`{"schema_version": 1, ${ids}, "n": ${'7'.repeat(digits)}}`)).toEqual({
          status: 400,
          body: `ERROR: Malformed request: an integer of ${digits} digits exceeds the limit of 4300 digits (CPython's int_max_str_digits)`,
        });
      }
      expect(await put(`{"schema_version": 1, ${ids}, "n": -${'7'.repeat(4301)}}`)).toMatchObject({
        status: 400,
      });
      // Floats with long digit strings are read as Python reads them (float() has no such limit).
      expect(await protocol.handle('GET', `{"type": "protocol", "x": 0.${'1'.repeat(5000)}}`)).toMatchObject({
        status: 200,
      });
      expect(await put(record)).toEqual({ status: 200, body: 'OK' });
      expect(await protocol.handle('GET', `{"type": "metadata", "checksum": "${tf}"}`)).toEqual({
        status: 200,
        body: record,
      });
    });
  });

  describe('the listener in the app', () => {
    const settings = (port: number, seamless: Partial<SimvaultConfig['seamless']> = {}, host = '127.0.0.1') =>
      ({
        host,
        seamless: { enabled: true, port, bodyLimitBytes: 4096, writable: false, writeFrom: [], ...seamless },
      }) as SimvaultConfig;
    const logger = createLogger('silent');
    const started: SeamlessListenerService[] = [];
    const start = async (config: SimvaultConfig, log = logger) => {
      const service = new SeamlessListenerService(t.records, config, log);
      started.push(service);
      await service.onApplicationBootstrap();
      return service.port!;
    };
    afterEach(async () => {
      for (const service of started.splice(0)) await service.beforeApplicationShutdown();
    });
    const transformation = (checksum: string) => JSON.stringify({ type: 'transformation', checksum });
    const write = (checksum: string, value: string) =>
      JSON.stringify({ type: 'transformation', checksum, value });

    it('says which setting to change when its port is taken', async () => {
      const second = new SeamlessListenerService(t.records, settings(t.wirePort), logger);
      await expect(second.onApplicationBootstrap()).rejects.toThrow(
        `The seamless-database listener cannot listen on 127.0.0.1:${t.wirePort} (SIMVAULT_SEAMLESS_PORT)`,
      );
    });

    it('does not start when disabled', async () => {
      const disabled = new SeamlessListenerService(t.records, settings(0, { enabled: false }), logger);
      await disabled.onApplicationBootstrap();
      expect(disabled.port).toBeUndefined();
      await disabled.beforeApplicationShutdown();
    });

    it('is read-only unless writes are configured (the default), loopback-only when they are', async () => {
      const defaults = loadConfig({}, { NODE_ENV: 'test' }).seamless;
      expect([defaults.writable, defaults.writeFrom]).toEqual([false, ['127.0.0.0/8', '::1/128']]);
      const port = await start(settings(0, { writable: defaults.writable, writeFrom: defaults.writeFrom }));
      const tf = `${'2'.repeat(63)}a`;
      expect(await wire(port, 'PUT', write(tf, cs('c')))).toMatchObject({
        status: 405,
        body: 'ERROR: Database server is read-only',
      });
      expect(await wire(port, 'GET', transformation(tf))).toMatchObject({ status: 404 });
    });

    it('refuses (403, logged) a write from outside the configured networks and accepts one inside', async () => {
      const tf = `${'2'.repeat(63)}b`;
      const { logger: recording, logged } = recordingLogger();
      const outside = await start(
        settings(0, { writable: true, writeFrom: ['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8'] }),
        recording,
      );
      expect(await wire(outside, 'PUT', write(tf, cs('c')))).toMatchObject({
        status: 403,
        body: 'ERROR: Writes are not accepted from 127.0.0.1',
      });
      expect(logged).toContainEqual({
        level: 'warn',
        details: { remote: '127.0.0.1', networks: ['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8'] },
        message:
          'seamless-database write refused: the client is outside the networks writes are accepted from',
      });
      // Reads are open to anyone who reaches the port; the refused write stored nothing.
      expect(await wire(outside, 'GET', transformation(tf))).toMatchObject({ status: 404 });

      const inside = await start(settings(0, { writable: true, writeFrom: ['10.0.0.0/8', '127.0.0.1/32'] }));
      expect(await wire(inside, 'PUT', write(tf, cs('c')))).toMatchObject({ status: 200, body: 'OK' });
      expect(await wire(outside, 'GET', transformation(tf))).toMatchObject({ status: 200, body: cs('c') });
    });

    it('matches IPv6 clients, and IPv4 clients of a dual-stack socket (IPv4-mapped addresses)', async () => {
      const tf = `${'2'.repeat(63)}c`;
      const v6only = await start(settings(0, { writable: true, writeFrom: ['::1/128'] }, '::'));
      expect(await wire(v6only, 'PUT', write(tf, cs('b')), '/', '127.0.0.1')).toMatchObject({
        status: 403,
        body: 'ERROR: Writes are not accepted from 127.0.0.1',
      });
      expect(await wire(v6only, 'PUT', write(tf, cs('b')), '/', '::1')).toMatchObject({ status: 200 });
      const v4 = await start(settings(0, { writable: true, writeFrom: ['127.0.0.0/8'] }, '::'));
      expect(await wire(v4, 'PUT', write(tf, cs('a')), '/', '127.0.0.1')).toMatchObject({ status: 200 });
      expect(await wire(v4, 'PUT', write(tf, cs('a')), '/', '::1')).toMatchObject({
        status: 403,
        body: 'ERROR: Writes are not accepted from ::1',
      });
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
