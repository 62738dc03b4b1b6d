import { isDeepStrictEqual } from 'node:util';
import { isChecksum } from '@simvault/buffers';

/**
 * A Seamless transformation as its buffer holds it (seamless-transformer's `tf_get_buffer`: a
 * plain-celltype JSON object): every pin `name: [celltype, subcelltype, checksum]`, the code among
 * them (pin `code`), and dunder keys: `__language__`, `__output__` (`[name, celltype, subcelltype]`),
 * and others (`__as__`, `__format__`, `__code_checksum__`, `__code_text__`, and in older buffers
 * `__meta__`, `__env__`), compared only as whole values.
 */
export interface TransformationDict {
  language: unknown;
  output: unknown;
  /** The code pin's checksum: what makes two transformations comparable. */
  code: string;
  pins: Map<string, Pin>;
  dunder: Map<string, unknown>;
}

export interface Pin {
  celltype: unknown;
  subcelltype: unknown;
  /** A checksum in hex, or null when Seamless left it unresolved (a dependency), kept as sent. */
  checksum: unknown;
}

/** The largest buffer read as a transformation: its dict holds checksums and names, not data. */
export const MAX_TRANSFORMATION_BYTES = 1024 * 1024;

/** Why a buffer is not a transformation, as a sentence, or its dict. */
export function parseTransformation(bytes: Buffer): TransformationDict | string {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'it is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const object = value as Record<string, unknown>;
  if (!Object.hasOwn(object, '__output__') || !Object.hasOwn(object, '__language__'))
    return 'it has no __language__ and __output__';
  const pins = new Map<string, Pin>();
  const dunder = new Map<string, unknown>();
  for (const [name, v] of Object.entries(object)) {
    if (name.startsWith('__') && name.endsWith('__')) {
      if (name !== '__language__' && name !== '__output__') dunder.set(name, v);
      continue;
    }
    if (!Array.isArray(v) || v.length !== 3)
      return `its pin "${name}" is not [celltype, subcelltype, checksum]`;
    pins.set(name, { celltype: v[0], subcelltype: v[1], checksum: v[2] });
  }
  const code = pins.get('code')?.checksum;
  if (!isChecksum(code)) return 'it has no code pin with a checksum';
  return { language: object.__language__, output: object.__output__, code: code.toLowerCase(), pins, dunder };
}

export interface ChangedPin {
  pin: string;
  /** The recorded transformation's checksum. */
  old: unknown;
  /** The explained transformation's checksum. */
  new: unknown;
}

export interface CelltypeChange {
  pin: string;
  old: [unknown, unknown];
  new: [unknown, unknown];
}

export interface TransformationDifferences {
  /** Pins of both whose checksum differs (the code pin never does: candidates share it). */
  changed: ChangedPin[];
  /** Pins the explained transformation has and the recorded one has not (name and checksum). */
  added: { pin: string; checksum: unknown }[];
  /** Pins the recorded transformation has and the explained one has not. */
  removed: { pin: string; checksum: unknown }[];
  /** Pins of both whose [celltype, subcelltype] differ. */
  celltypes: CelltypeChange[];
  language: { old: unknown; new: unknown } | null;
  output: { old: unknown; new: unknown } | null;
  /** Other dunder keys whose values differ (or that only one has). */
  other_keys: string[];
}

/** What turns `old` (a recorded transformation) into `now` (the one explained). */
export function differences(old: TransformationDict, now: TransformationDict): TransformationDifferences {
  const answer: TransformationDifferences = {
    changed: [],
    added: [],
    removed: [],
    celltypes: [],
    language: isDeepStrictEqual(old.language, now.language) ? null : { old: old.language, new: now.language },
    output: isDeepStrictEqual(old.output, now.output) ? null : { old: old.output, new: now.output },
    other_keys: [],
  };
  for (const pin of sortedUnion(old.pins.keys(), now.pins.keys())) {
    const [a, b] = [old.pins.get(pin), now.pins.get(pin)];
    if (!a) answer.added.push({ pin, checksum: b!.checksum });
    else if (!b) answer.removed.push({ pin, checksum: a.checksum });
    else {
      if (!isDeepStrictEqual(a.checksum, b.checksum))
        answer.changed.push({ pin, old: a.checksum, new: b.checksum });
      if (!isDeepStrictEqual([a.celltype, a.subcelltype], [b.celltype, b.subcelltype]))
        answer.celltypes.push({ pin, old: [a.celltype, a.subcelltype], new: [b.celltype, b.subcelltype] });
    }
  }
  for (const key of sortedUnion(old.dunder.keys(), now.dunder.keys())) {
    if (!isDeepStrictEqual(old.dunder.get(key), now.dunder.get(key))) answer.other_keys.push(key);
  }
  return answer;
}

/** How far apart: one per pin changed, added or removed, celltype change and differing key. */
export function distance(d: TransformationDifferences): number {
  return (
    d.changed.length +
    d.added.length +
    d.removed.length +
    d.celltypes.length +
    d.other_keys.length +
    Number(d.language !== null) +
    Number(d.output !== null)
  );
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
