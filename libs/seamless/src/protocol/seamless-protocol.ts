import { dumps, IntegerTooLongError, loads, loadsWithSpans, type PyObject, type PyValue } from '../py-json';
import { parseChecksum, type Checksum } from '../records/checksum';
import type { ChecksumRecordsService } from '../records/checksum-records.service';
import { InvalidRecord, RecordError } from '../records/errors';
import {
  bucketKey,
  checkExpressionConstraints,
  expressionKey,
  isBucketKind,
  readBucketProbe,
  readExecutionRecord,
  validateBufferInfo,
} from '../records/validation';

/** The protocol version the reference answers to `{"type": "protocol"}`. */
export const PROTOCOL_VERSION = ['seamless', 'database', '2.2'];

/** What a request gets back: the body is always text (bare hex, JSON text, `OK` or `ERROR: …`). */
export interface ProtocolResponse {
  status: number;
  body: string;
  /**
   * Why a request was refused, for the server log: the body carries the reference's message,
   * word for word (clients and their logs compare it), and nothing more.
   */
  detail?: string;
  /** A result withdrawn by `contest`, for the server log (the protocol has no other trace of it). */
  contested?: { checksum: Checksum; result: Checksum; record?: string };
}

const TYPES = new Set([
  'protocol',
  'transformation',
  'rev_transformations',
  'buffer_info',
  'semantic_to_syntactic',
  'syntactic_to_semantic',
  'expression',
  'rev_expression',
  'metadata',
  'irreproducible',
  'bucket_probe',
  'contest',
]);

/** Types whose requests carry no `checksum` field, by method (the reference reads one on every other PUT). */
const KEYLESS = { GET: new Set(['protocol', 'bucket_probe']), PUT: new Set(['bucket_probe']) };

class ProtocolError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

const malformed = (message: string, detail?: string) => new ProtocolError(400, message, detail);
const UNKNOWN_KEY = new ProtocolError(404, 'Unknown key');
const UNKNOWN_TYPE = 'Unknown request type';

const ok = (body: string): ProtocolResponse => ({ status: 200, body });
const found = (value: string | undefined): ProtocolResponse => {
  if (value === undefined) throw UNKNOWN_KEY;
  return ok(value);
};
/** A list answer: like the reference, an empty list is "Unknown key". */
const list = (items: unknown[], write: () => string): ProtocolResponse => {
  if (items.length === 0) throw UNKNOWN_KEY;
  return ok(write());
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The seamless-database wire protocol (docs/seamless.md), independent of HTTP: a method and a body
 * in, a status and a text body out. Bad input is a 400 with the reference's message (and the reason
 * in `detail`), never an exception.
 */
export class SeamlessProtocol {
  constructor(
    private readonly records: ChecksumRecordsService,
    readonly writable: boolean,
  ) {}

  async handle(method: 'GET' | 'PUT', body: Uint8Array | string): Promise<ProtocolResponse> {
    if (method === 'PUT' && !this.writable)
      return { status: 405, body: 'ERROR: Database server is read-only' };
    try {
      let text: string;
      let parsed: { value: PyValue; spans: Map<string, [number, number]> };
      try {
        text = typeof body === 'string' ? body : utf8.decode(body);
        parsed = loadsWithSpans(text);
      } catch (error) {
        // CPython refuses such a number too; the only parse failure worth a sentence to the client.
        if (error instanceof IntegerTooLongError) throw malformed(`Malformed request: ${error.message}`);
        throw malformed('Malformed request', `the body is not JSON: ${(error as Error).message}`);
      }
      const request = parsed.value;
      if (!(request instanceof Map)) throw malformed('Malformed request', 'the body is not a JSON object');
      const type = request.get('type');
      if (typeof type !== 'string' || !TYPES.has(type)) {
        throw malformed('Malformed request', 'type is missing or not a request type');
      }
      let checksum = '';
      if (!KEYLESS[method].has(type)) {
        const parsedChecksum = parseChecksum(request.get('checksum'));
        if (parsedChecksum === undefined) {
          throw malformed('Malformed request', 'checksum is missing or not 64 hexadecimal characters');
        }
        checksum = parsedChecksum;
      }
      if (method === 'GET') return await this.get(type, checksum, request);
      const span = parsed.spans.get('value');
      return await this.put(type, checksum, request, span && text.slice(span[0], span[1]));
    } catch (error) {
      if (error instanceof ProtocolError || error instanceof RecordError) {
        const detail = error instanceof ProtocolError ? error.detail : undefined;
        return { status: error.status, body: `ERROR: ${error.message}`, ...(detail ? { detail } : {}) };
      }
      throw error;
    }
  }

  private async get(type: string, checksum: Checksum, request: PyObject): Promise<ProtocolResponse> {
    const records = this.records;
    switch (type) {
      case 'protocol':
        return ok(dumps(PROTOCOL_VERSION));
      case 'transformation':
        return found(await records.getTransformation(checksum));
      case 'rev_transformations': {
        const transformations = await records.reverseTransformations(checksum);
        return list(transformations, () => dumps(transformations));
      }
      case 'buffer_info': {
        const info = await records.getBufferInfo(checksum);
        return found(info && dumps(info, { sortKeys: true }));
      }
      case 'semantic_to_syntactic':
      case 'syntactic_to_semantic': {
        const { celltype, subcelltype } = celltypes(request, `Malformed ${type.replace(/_/g, '-')} request`);
        const checksums =
          type === 'semantic_to_syntactic'
            ? await records.semanticToSyntactic(checksum, celltype, subcelltype)
            : await records.syntacticToSemantic(checksum, celltype, subcelltype);
        return list(checksums, () => dumps(checksums));
      }
      case 'expression':
        return found(await records.getExpression(readExpressionKey(checksum, request)));
      case 'rev_expression': {
        const expressions = await records.reverseExpressions(checksum);
        return list(expressions, () =>
          dumps(
            expressions.map((e) => ({
              checksum: e.checksum,
              path: e.path,
              celltype: e.celltype,
              target_celltype: e.targetCelltype,
              result: e.result,
            })),
          ),
        );
      }
      case 'metadata': {
        const record = await records.getExecutionRecord(checksum);
        return found(record && dumps(loads(record.text)));
      }
      case 'irreproducible': {
        const wanted = request.get('result');
        const result = wanted === undefined || wanted === null ? undefined : parseChecksum(wanted);
        if (wanted !== undefined && wanted !== null && result === undefined) {
          throw malformed("Malformed 'irreproducible' request", 'result must be a checksum');
        }
        const rows = await records.irreproducible(checksum, result);
        return list(rows, () =>
          dumps(rows.map((r) => ({ checksum: r.checksum, result: r.result, metadata: loads(r.metadata) }))),
        );
      }
      case 'bucket_probe': {
        // A kind no probe can have finds nothing, as a lookup in the reference's table does.
        if (!isBucketKind(request.get('bucket_kind'))) throw UNKNOWN_KEY;
        const key = guarded('Malformed GET bucket_probe request', () =>
          bucketKey(request.get('bucket_kind'), request.get('label')),
        );
        const probe = await records.getBucketProbe(key.bucketKind, key.label);
        return found(
          probe &&
            dumps({
              bucket_kind: probe.bucketKind,
              label: probe.label,
              bucket_checksum: probe.bucketChecksum,
              captured_at: probe.capturedAt,
              freshness_tokens: probe.freshnessTokens,
            }),
        );
      }
      default:
        throw malformed(UNKNOWN_TYPE);
    }
  }

  private async put(
    type: string,
    checksum: Checksum,
    request: PyObject,
    valueText: string | undefined,
  ): Promise<ProtocolResponse> {
    const records = this.records;
    const value = request.get('value');
    switch (type) {
      case 'transformation': {
        const result = parseChecksum(value);
        if (!result) throw malformed('Malformed PUT transformation result request: value must be a checksum');
        await records.putTransformation(checksum, result);
        break;
      }
      case 'buffer_info': {
        const info = guarded('Malformed PUT buffer info request', () => validateBufferInfo(value ?? null));
        await records.mergeBufferInfo(checksum, info);
        break;
      }
      case 'semantic_to_syntactic': {
        const message = 'Malformed PUT semantic-to-syntactic request';
        const { celltype, subcelltype } = celltypes(request, message);
        if (!Array.isArray(value)) throw malformed(message);
        const syntactic = value.map(parseChecksum);
        if (syntactic.some((s) => s === undefined)) throw malformed(message);
        await records.addSemanticToSyntactic(checksum, celltype, subcelltype, syntactic as Checksum[]);
        break;
      }
      case 'expression': {
        const key = readExpressionKey(checksum, request);
        const result = parseChecksum(value);
        if (!result) throw malformed('Malformed expression request');
        guarded('Malformed expression request (constraint violation)', () => checkExpressionConstraints(key));
        await records.putExpression(key, result);
        break;
      }
      case 'metadata': {
        const message = 'Malformed PUT metadata request';
        const result = parseChecksum(request.get('result'));
        if (!result) throw malformed(message, 'result must be a checksum');
        const record = guarded(message, () => readExecutionRecord(value, valueText, checksum, result));
        await records.putExecutionRecord(checksum, result, record);
        break;
      }
      case 'irreproducible': {
        const result = parseChecksum(request.get('result'));
        if (!result) throw malformed("Malformed 'irreproducible' request", 'result must be a checksum');
        await records.markIrreproducible(checksum, result);
        break;
      }
      case 'contest': {
        const result = parseChecksum(request.get('result'));
        if (!result) throw malformed("Malformed 'contest' request", 'result must be a checksum');
        const record = await records.contest(checksum, result);
        return { ...ok('OK'), contested: { checksum, result, ...(record ? { record } : {}) } };
      }
      case 'bucket_probe': {
        const probe = guarded('Malformed PUT bucket_probe request', () => readBucketProbe(request));
        await records.putBucketProbe(probe);
        break;
      }
      default:
        throw malformed(UNKNOWN_TYPE);
    }
    return ok('OK');
  }
}

/** Runs a validation, answering its failure with the reference's message (the rule broken goes to the log). */
function guarded<T>(message: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidRecord)) throw error;
    throw malformed(message, error.message);
  }
}

function celltypes(request: PyObject, message: string): { celltype: string; subcelltype: string } {
  const celltype = request.get('celltype');
  const subcelltype = request.get('subcelltype');
  if (typeof celltype !== 'string' || typeof subcelltype !== 'string') throw malformed(message);
  return { celltype, subcelltype };
}

function readExpressionKey(checksum: Checksum, request: PyObject) {
  return guarded('Malformed expression request', () =>
    expressionKey(checksum, request.get('path'), request.get('celltype'), request.get('target_celltype')),
  );
}
