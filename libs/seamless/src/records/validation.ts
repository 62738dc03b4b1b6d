import { BUCKET_KINDS, type BucketKind } from '@simvault/entities';
import { dumps, loads, PyJsonError, type PyObject, type PyValue } from '../py-json';
import { parseChecksum, type Checksum } from './checksum';
import { InvalidRecord } from './errors';

/** The fields Seamless's SeamlessBufferInfo has (its 16 slots). */
export const BUFFER_INFO_FIELDS = [
  'length',
  'is_utf8',
  'is_json',
  'json_type',
  'is_json_numeric_array',
  'is_json_numeric_scalar',
  'is_numpy',
  'dtype',
  'shape',
  'is_seamless_mixed',
  'str2text',
  'text2str',
  'binary2bytes',
  'bytes2binary',
  'binary2json',
  'json2binary',
] as const;
const BUFFER_INFO_FIELD_SET = new Set<string>(BUFFER_INFO_FIELDS);

/** The largest buffer length taken: a safe integer, as every size the platform stores. */
const MAX_BUFFER_LENGTH = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A buffer info report, checked as the reference checks it: `length` a whole number ≥ 0 (and at most 2^53 − 1) and the
 * `is_*` slots booleans (null means "not known" for any field). Everything else is kept as sent:
 * fields beyond the 16 slots (what a newer Seamless reports) and whatever value a conversion
 * field (`a2b`) holds, so that a newer client's info survives a round trip through this server.
 */
export function validateBufferInfo(value: PyValue): PyObject {
  if (!(value instanceof Map)) throw new InvalidRecord('buffer info must be an object');
  for (const [field, v] of value) {
    if (v === null || !BUFFER_INFO_FIELD_SET.has(field)) continue;
    if (field === 'length' && !(typeof v === 'bigint' && v >= 0n && v <= MAX_BUFFER_LENGTH)) {
      throw new InvalidRecord(`length must be a whole number from 0 to ${MAX_BUFFER_LENGTH}`);
    }
    if (field.startsWith('is_') && typeof v !== 'boolean') {
      throw new InvalidRecord(`${field} must be true or false`);
    }
  }
  return value;
}

/** An execution record as stored: the text as sent, and its value for the identity checks. */
export interface ExecutionRecordInput {
  text: string;
  value: PyObject;
}

/**
 * Reads an execution record (an object, or the JSON text of one) and checks its identity fields
 * against the request: `schema_version` an integer, `tf_checksum` and `result_checksum` present
 * and the request's checksum and result, `checksum_fields` (when present) a list of non-empty
 * strings.
 * `sentText` is the object's own text in the request, kept instead of a re-serialization.
 */
export function readExecutionRecord(
  value: PyValue | undefined,
  sentText: string | undefined,
  checksum: Checksum,
  result: Checksum,
): ExecutionRecordInput {
  let text: string | undefined = sentText;
  let record: PyValue;
  if (typeof value === 'string') {
    text = value;
    try {
      record = loads(value);
    } catch (error) {
      throw new InvalidRecord(`the execution record is not valid JSON (${(error as PyJsonError).message})`);
    }
  } else {
    record = value ?? null;
  }
  if (!(record instanceof Map)) {
    throw new InvalidRecord('value must be an execution record: an object, or the JSON text of one');
  }
  if (typeof record.get('schema_version') !== 'bigint') {
    throw new InvalidRecord('schema_version must be an integer');
  }
  if (parseChecksum(record.get('tf_checksum')) !== checksum) {
    throw new InvalidRecord("tf_checksum must be the request's checksum");
  }
  if (parseChecksum(record.get('result_checksum')) !== result) {
    throw new InvalidRecord("result_checksum must be the request's result");
  }
  const fields = record.get('checksum_fields');
  if (
    fields !== undefined &&
    !(Array.isArray(fields) && fields.every((f) => typeof f === 'string' && f.length > 0))
  ) {
    throw new InvalidRecord('checksum_fields must be a list of non-empty strings');
  }
  return { text: text ?? dumps(record), value: record };
}

/** What an expression result is stored under. */
export interface ExpressionKey {
  input: Checksum;
  /** The path as sent (a string or a list of keys and indices). */
  path: PyValue;
  /** The path as Python's json.dumps writes it: the stored key. */
  pathText: string;
  celltype: string;
  targetCelltype: string;
}

export function expressionKey(
  input: Checksum,
  path: PyValue | undefined,
  celltype: PyValue | undefined,
  targetCelltype: PyValue | undefined,
): ExpressionKey {
  if (path === undefined || typeof celltype !== 'string' || typeof targetCelltype !== 'string') {
    throw new InvalidRecord('path, celltype and target_celltype are required (celltypes as strings)');
  }
  return { input, path, pathText: dumps(path), celltype, targetCelltype };
}

const PATH_CELLTYPES = ['mixed', 'plain', 'binary'];

/** The reference's constraints on a stored expression (its column widths and path rule). */
export function checkExpressionConstraints(key: ExpressionKey): void {
  const { path } = key;
  if (typeof path !== 'string' && !Array.isArray(path) && !(path instanceof Map)) {
    throw new InvalidRecord('path must be a string or a list');
  }
  const nonEmpty = typeof path === 'string' || Array.isArray(path) ? path.length > 0 : path.size > 0;
  if (key.pathText.length > 100) throw new InvalidRecord('path is longer than 100 characters as JSON');
  if (nonEmpty && !PATH_CELLTYPES.includes(key.celltype)) {
    throw new InvalidRecord('a non-empty path needs celltype mixed, plain or binary');
  }
  if (codePoints(key.celltype) > 20 || codePoints(key.targetCelltype) > 20) {
    throw new InvalidRecord('celltype and target_celltype are at most 20 characters');
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export interface BucketProbe {
  bucketKind: BucketKind;
  label: string;
  bucketChecksum: Checksum;
  capturedAt: string;
  freshnessTokens: PyObject;
}

/** Whether `kind` is one a bucket probe can have (any other finds nothing). */
export function isBucketKind(kind: PyValue | undefined): kind is BucketKind {
  return typeof kind === 'string' && (BUCKET_KINDS as readonly string[]).includes(kind);
}

export function bucketKey(
  kind: PyValue | undefined,
  label: PyValue | undefined,
): { bucketKind: BucketKind; label: string } {
  if (!isBucketKind(kind)) throw new InvalidRecord(`bucket_kind must be one of ${BUCKET_KINDS.join(', ')}`);
  if (typeof label !== 'string' || label === '') throw new InvalidRecord('label must be a non-empty string');
  return { bucketKind: kind, label };
}

/**
 * A bucket probe: every field required, at the top level of the request. `freshness_tokens` is an
 * object, or the JSON text of one (as some clients send it), stored as the object.
 */
export function readBucketProbe(fields: PyObject): BucketProbe {
  const key = bucketKey(fields.get('bucket_kind'), fields.get('label'));
  const bucketChecksum = parseChecksum(fields.get('bucket_checksum'));
  if (!bucketChecksum) throw new InvalidRecord('bucket_checksum must be a checksum');
  const capturedAt = fields.get('captured_at');
  if (typeof capturedAt !== 'string' || capturedAt === '') {
    throw new InvalidRecord('captured_at must be a non-empty string');
  }
  let freshnessTokens = fields.get('freshness_tokens');
  if (typeof freshnessTokens === 'string') {
    try {
      freshnessTokens = loads(freshnessTokens);
    } catch (error) {
      throw new InvalidRecord(`freshness_tokens is not valid JSON (${(error as PyJsonError).message})`);
    }
  }
  if (!(freshnessTokens instanceof Map)) {
    throw new InvalidRecord('freshness_tokens must be an object, or the JSON text of one');
  }
  return { ...key, bucketChecksum, capturedAt, freshnessTokens };
}
