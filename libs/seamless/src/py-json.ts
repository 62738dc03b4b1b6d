/**
 * JSON as the reference server (Python) reads and writes it. Seamless clients compare nothing but
 * values, yet the protocol promises byte-for-byte answers, and execution records must come back as
 * sent: so numbers are never squeezed through doubles (integers stay exact as bigint, floats keep
 * their kind even when integral), objects keep their key order (a Map: a JS object would reorder
 * integer-like keys), and `dumps` writes what Python's `json.dumps` writes by default.
 */

/** A float as Python holds it: `1.0` stays a float (a bare number would print as `1`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyObject = Map<string, PyValue>;
export type PyValue = null | boolean | string | bigint | PyFloat | PyValue[] | PyObject;

/** What `dumps` also accepts from our own code: plain numbers (integral ones print as integers) and objects. */
export type Dumpable =
  PyValue | number | readonly Dumpable[] | Map<string, Dumpable> | { readonly [key: string]: Dumpable };

export class PyJsonError extends Error {}

/**
 * An integer written with more digits than CPython converts (its `int_max_str_digits`, 4300 by
 * default): refused before any conversion, since turning millions of digits into a bigint holds
 * the event loop for seconds, and the reference server could not read the number either.
 */
export class IntegerTooLongError extends PyJsonError {
  constructor(readonly digits: number) {
    super(
      `an integer of ${digits} digits exceeds the limit of ${MAX_INT_DIGITS} digits (CPython's int_max_str_digits)`,
    );
  }
}

const MAX_DEPTH = 1000;
/** CPython's default `sys.get_int_max_str_digits()`. */
export const MAX_INT_DIGITS = 4300;

/** Parses like Python's `json.loads`: NaN and ±Infinity allowed, control characters in strings refused. */
export function loads(text: string): PyValue {
  const parser = new Parser(text);
  return parser.document();
}

/**
 * Like `loads` for a top-level object, also giving where each member's value lies in the text, so
 * a member (an execution record) can be stored exactly as it was sent.
 */
export function loadsWithSpans(text: string): { value: PyValue; spans: Map<string, [number, number]> } {
  const parser = new Parser(text);
  parser.spans = new Map();
  return { value: parser.document(), spans: parser.spans };
}

class Parser {
  private pos = 0;
  private depth = 0;
  spans?: Map<string, [number, number]>;

  constructor(private readonly text: string) {}

  document(): PyValue {
    this.skipSpace();
    const value = this.value();
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('Extra data');
    return value;
  }

  private fail(message: string): never {
    throw new PyJsonError(`${message} at position ${this.pos}`);
  }

  private skipSpace() {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++this.pos);
  }

  private value(): PyValue {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x22 /* " */:
        return this.string();
      case 0x7b /* { */:
        return this.object();
      case 0x5b /* [ */:
        return this.array();
      case 0x6e /* n */:
        return this.literal('null', null);
      case 0x74 /* t */:
        return this.literal('true', true);
      case 0x66 /* f */:
        return this.literal('false', false);
      case 0x4e /* N */:
        return this.literal('NaN', new PyFloat(NaN));
      case 0x49 /* I */:
        return this.literal('Infinity', new PyFloat(Infinity));
      default:
        if (c === 0x2d /* - */ && this.text.startsWith('-Infinity', this.pos)) {
          this.pos += 9;
          return new PyFloat(-Infinity);
        }
        return this.number();
    }
  }

  private literal<T extends PyValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('Expecting value');
    this.pos += word.length;
    return value;
  }

  private number(): bigint | PyFloat {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('Expecting value');
    const [all, int, frac, exp] = match;
    this.pos += all.length;
    if (frac === undefined && exp === undefined) {
      const digits = int.length - (int.startsWith('-') ? 1 : 0);
      if (digits > MAX_INT_DIGITS) throw new IntegerTooLongError(digits);
      return BigInt(int);
    }
    return new PyFloat(Number(all));
  }

  private string(): string {
    const text = this.text;
    let start = ++this.pos;
    let out = '';
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += text.slice(start, this.pos++);
        return out;
      }
      if (c === 0x5c /* \ */) {
        out += text.slice(start, this.pos);
        out += this.escape();
        start = this.pos;
        continue;
      }
      if (Number.isNaN(c)) this.fail('Unterminated string');
      if (c < 0x20) this.fail('Invalid control character');
      this.pos++;
    }
  }

  private escape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        return c;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\uXXXX escape');
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        this.pos -= 2;
        return this.fail('Invalid \\escape');
    }
  }

  private enter() {
    if (++this.depth > MAX_DEPTH) this.fail('Too deeply nested');
  }

  private array(): PyValue[] {
    this.enter();
    this.pos++;
    const items: PyValue[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      this.depth--;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x5d) break;
      if (c !== 0x2c /* , */) this.fail("Expecting ',' delimiter");
    }
    this.depth--;
    return items;
  }

  private object(): PyObject {
    this.enter();
    const top = this.depth === 1;
    this.pos++;
    const members: PyObject = new Map();
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      this.depth--;
      return members;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x22)
        this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos++) !== 0x3a /* : */) this.fail("Expecting ':' delimiter");
      this.skipSpace();
      const start = this.pos;
      members.set(key, this.value());
      if (top && this.spans) this.spans.set(key, [start, this.pos]);
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x7d) break;
      if (c !== 0x2c) this.fail("Expecting ',' delimiter");
    }
    this.depth--;
    return members;
  }
}

const NUMBER = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;

export interface DumpsOptions {
  sortKeys?: boolean;
  /** Pretty-print with this many spaces per level (Python then separates items with "," alone). */
  indent?: number;
}

/** Writes like Python's `json.dumps` (ensure_ascii, `", "` and `": "` separators). */
export function dumps(value: Dumpable, options: DumpsOptions = {}): string {
  return write(value, options, 0);
}

function write(value: Dumpable, options: DumpsOptions, level: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isInteger(value) ? String(value) : floatRepr(value);
  }
  if (value instanceof PyFloat) return floatRepr(value.value);
  let items: string[];
  let open: string;
  let close: string;
  if (Array.isArray(value)) {
    items = value.map((item) => write(item, options, level + 1));
    [open, close] = ['[', ']'];
  } else {
    let entries: [string, Dumpable][] =
      value instanceof Map ? [...value] : Object.entries(value as Record<string, Dumpable>);
    if (options.sortKeys) entries = entries.sort(([a], [b]) => compareCodePoints(a, b));
    items = entries.map(([k, v]) => `${quote(k)}: ${write(v, options, level + 1)}`);
    [open, close] = ['{', '}'];
  }
  if (items.length === 0) return open + close;
  if (options.indent === undefined) return open + items.join(', ') + close;
  const inner = '\n' + ' '.repeat(options.indent * (level + 1));
  const outer = '\n' + ' '.repeat(options.indent * level);
  return open + inner + items.join(',' + inner) + outer + close;
}

/** Python sorts str keys by code point; JS compares UTF-16 units, which differs above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** ensure_ascii: everything outside printable ASCII (space to ~) is escaped, in lowercase hex. */
function quote(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/["\\\u0000-\u001f\u007f-\uffff]/.test(s)) return `"${s}"`;
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/["\\\u0000-\u001f\u007f-\uffff]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** Python's float repr: the shortest round-trip digits, in exponent form below 1e-4 and from 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  const point = exp + 1;
  if (point > 16 || point <= -4) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Python's `==` on loaded JSON: 1 == 1.0 == true, key order ignored, NaN equal to nothing. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (a === b) return !(a instanceof PyFloat && Number.isNaN(a.value));
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined || y !== undefined) {
    if (x === undefined || y === undefined) return false;
    if (typeof x === 'bigint' && typeof y === 'bigint') return x === y;
    if (typeof x === 'number' && typeof y === 'number') return x === y;
    const [int, float] = (typeof x === 'bigint' ? [x, y] : [y, x]) as [bigint, number];
    return Number.isInteger(float) && BigInt(float) === int;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => pyEquals(item, b[i]));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) {
      if (!b.has(key) || !pyEquals(value, b.get(key)!)) return false;
    }
    return true;
  }
  return false;
}

function numeric(v: PyValue): bigint | number | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/** A value parsed by JSON.parse (a REST body) in the same form: integral numbers become integers. */
export function fromJs(value: unknown): PyValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : new PyFloat(value);
  if (Array.isArray(value)) return value.map(fromJs);
  if (typeof value === 'object')
    return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJs(v)]));
  throw new PyJsonError(`${typeof value} is not a JSON value`);
}

/** A parsed value as plain JS (for REST answers); integers beyond 2^53 lose precision, so REST sends records as text. */
export function toJs(value: PyValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(toJs);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toJs(v)]));
  return value;
}
