import { createHash } from 'node:crypto';
import { MAX_SEARCHABLE_TEXT, ValueKind } from '@simvault/entities';

export interface TypedValue {
  kind: ValueKind;
  num: number | null;
  text: string | null;
}

/** JSON with object keys sorted at every level, so equal values have equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** How a parameter value is stored for searching: numbers as numbers, strings as text. */
export function typedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return { kind: ValueKind.Null, num: null, text: null };
  if (typeof value === 'number') {
    // NaN is no number to compare with; SQLite would store it as NULL anyway.
    return Number.isNaN(value)
      ? { kind: ValueKind.Other, num: null, text: 'NaN' }
      : { kind: ValueKind.Number, num: value, text: null };
  }
  if (typeof value === 'bigint') return { kind: ValueKind.Number, num: Number(value), text: null };
  if (typeof value === 'boolean') return { kind: ValueKind.Boolean, num: value ? 1 : 0, text: null };
  if (typeof value === 'string') {
    return value.length <= MAX_SEARCHABLE_TEXT
      ? { kind: ValueKind.String, num: null, text: value }
      : { kind: ValueKind.Other, num: null, text: null };
  }
  if (value instanceof Uint8Array) return { kind: ValueKind.Other, num: null, text: null };
  const json = canonicalJson(value);
  return { kind: ValueKind.Other, num: null, text: json.length <= MAX_SEARCHABLE_TEXT ? json : null };
}

/**
 * A value as a JSON answer carries it: bytes (a `value_blob`) become a description of themselves
 * rather than megabytes of base64 in every search result.
 */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return {
      $binary: { size_bytes: value.length, sha256: createHash('sha256').update(value).digest('hex') },
    };
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** The observed kind of a stored value, as the API names it. */
export const KIND_NAMES: Record<ValueKind, string> = {
  [ValueKind.Null]: 'null',
  [ValueKind.Number]: 'number',
  [ValueKind.String]: 'string',
  [ValueKind.Boolean]: 'boolean',
  [ValueKind.Other]: 'other',
};
