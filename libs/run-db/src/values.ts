/**
 * Values as sim2l stores them: JSON text in `value`, bytes in `value_blob`. sim2l writes with
 * Python's json.dumps, which spells non-finite floats NaN, Infinity and -Infinity (not JSON); we
 * read those and write them the same way, so a value survives a round trip through either tool.
 */

const NON_FINITE = /^(NaN|-?Infinity)$/;
const MARK = '\u0000nonfinite:';

export type StoredValue = { value: string | null; blob: Buffer | null };

export function isBinary(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** A value as the `value` / `value_blob` pair of an inputs or outputs row. */
export function encodeValue(value: unknown): StoredValue {
  if (isBinary(value)) return { value: null, blob: Buffer.from(value) };
  return { value: encodeJson(value), blob: null };
}

/** JSON text the way Python's json.dumps writes it for these values (non-finite numbers included). */
export function encodeJson(value: unknown): string {
  let nonFinite = false;
  const text = JSON.stringify(value === undefined ? null : value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      nonFinite = true;
      return `${MARK}${String(v)}`;
    }
    if (typeof v === 'bigint') return Number(v);
    return v;
  });
  if (!nonFinite) return text;
  return text.replace(/"\\u0000nonfinite:(NaN|-?Infinity)"/g, '$1');
}

/** Parses JSON text written by json.dumps or by encodeJson; a NaN or Infinity token is a number. */
export function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const trimmed = text.trim();
    if (NON_FINITE.test(trimmed)) return Number(trimmed);
    const marked = markNonFinite(text);
    if (marked === text) throw error;
    return JSON.parse(marked, (_key, v: unknown) =>
      typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : v,
    );
  }
}

/** Replaces bare NaN / Infinity / -Infinity tokens (outside strings) with marked strings. */
function markNonFinite(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const token = /^(NaN|-?Infinity)/.exec(text.slice(i, i + 9));
    if (token) {
      out += JSON.stringify(`${MARK}${token[1]}`);
      i += token[1].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A stored value read back: bytes when `value_blob` is set, else the decoded JSON (null when empty). */
export function decodeValue(value: string | null, blob: Buffer | null): unknown {
  if (blob !== null && blob !== undefined && blob.length > 0) return blob;
  if (value === null || value === undefined || value === '') return null;
  return decodeJson(value);
}

/** Optional JSON columns (metadata, context, …): sim2l writes NULL for an empty or missing object. */
export function encodeOptionalJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return null;
  return encodeJson(value);
}

export function decodeOptionalJson(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  try {
    return decodeJson(String(value));
  } catch {
    // A column sim2l documents as JSON but a tool filled with plain text: keep the text.
    return value;
  }
}

/**
 * A timestamp as sim2l writes it (Python's str() of a naive UTC datetime): `2024-01-02 03:04:05.678000`.
 * SQLite's CURRENT_TIMESTAMP (`2024-01-02 03:04:05`) sorts and parses the same way.
 */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}.${String(date.getUTCMilliseconds()).padStart(3, '0')}000`;
}

/** Reads a stored timestamp (sim2l's form, SQLite's, or ISO 8601) as an instant; UTC when no zone is given. */
export function parseTimestamp(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value > 1e12 ? value : value * 1000);
  const text = String(value).trim();
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) {
    const parsed = new Date(text);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  const fraction = m[3] ? m[3].slice(0, 4) : '';
  const date = new Date(`${m[1]}T${m[2]}${fraction}${m[4] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? null : date;
}
