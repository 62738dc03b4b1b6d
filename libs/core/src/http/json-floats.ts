import type { NextFunction, Request, Response } from 'express';

/**
 * Floats stay floats. sim2l is Python: `1.0` sent is `1.0` answered, `3` is `3`. JavaScript has one
 * number type, so a JSON float with an integral value (`1.0`, `1.5e1`) would come back as an
 * integer. We keep the difference as a mark beside the value: the container (object or array)
 * and the key that hold such a float. Marks are made where JSON text is read (request bodies,
 * stored JSON text: `parseJson`), carried where validation copies a body into its DTO, and honoured
 * where JSON is written (stored text: `stringifyJson`; every answer: `floatAnswers`).
 */
const MARKS = new WeakMap<object, Set<string>>();

/** Whether `container[key]` is a number that was written as a float. */
export function isFloat(container: object, key: string | number): boolean {
  return MARKS.get(container)?.has(String(key)) ?? false;
}

/** Marks `container[key]` as a float (a typed column that holds floats, a value read as one). */
export function markFloat(container: object, key: string | number): void {
  let keys = MARKS.get(container);
  if (!keys) MARKS.set(container, (keys = new Set()));
  keys.add(String(key));
}

/**
 * A number written with an exponent, or as digits, a point and zeros, where a number stands (after
 * `:`, `,` or `[`, or as the whole text): the cheap test before the walk. A string such as a
 * version "1.0.0" does not make a body walked; a string that holds such text after a comma does,
 * which costs a walk, never a mark.
 */
const INTEGRAL_FLOAT_HINT = /(?:^|[:,[])\s*-?\d+(?:\.\d+)?[eE]|(?:^|[:,[])\s*-?\d+\.0+\s*(?:[,\]}]|$)/;

/**
 * Marks the integral floats of JSON `text` in `value` (what JSON.parse made of it). Text nested
 * deeper than the stack allows keeps its numbers unmarked rather than failing the request.
 */
function markText(text: string, value: unknown): void {
  try {
    walkText(text, value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
}

function walkText(text: string, value: unknown): void {
  let i = 0;
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t'))
      i++;
  };
  const string = (): string => {
    const start = i;
    let end = i + 1;
    for (;;) {
      end = text.indexOf('"', end);
      let slashes = 0;
      while (text[end - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) break;
      end++;
    }
    i = end + 1;
    return text.slice(start, i);
  };
  const walk = (holder: unknown): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const keys = new Set<string>();
      for (;;) {
        space();
        if (text[i] === '}') break;
        const quoted = string();
        // Most keys hold no escape: their text is their value.
        const key = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
        space();
        i++; // ':'
        space();
        const child = (holder as Record<string, unknown>)[key];
        if (text[i] === '-' || (text[i] >= '0' && text[i] <= '9')) {
          if (number() && typeof child === 'number') keys.add(key);
          else keys.delete(key);
        } else walk(child);
        space();
        if (text[i] === ',') i++;
      }
      i++;
      if (keys.size && holder && typeof holder === 'object') for (const k of keys) markFloat(holder, k);
    } else if (c === '[') {
      i++;
      let n = 0;
      for (;;) {
        space();
        if (text[i] === ']') break;
        const child = (holder as unknown[])[n];
        if (text[i] === '-' || (text[i] >= '0' && text[i] <= '9')) {
          if (number() && typeof child === 'number') markFloat(holder as object, n);
        } else walk(child);
        n++;
        space();
        if (text[i] === ',') i++;
      }
      i++;
    } else if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else i += c === 'n' || c === 't' ? 4 : 5; // null, true, false
  };
  /** Skips a number; answers whether it is written as a float with an integral value. */
  const number = (): boolean => {
    const start = i;
    let float = false;
    while (i < text.length && '+-0123456789.eE'.includes(text[i])) {
      if (text[i] === '.' || text[i] === 'e' || text[i] === 'E') float = true;
      i++;
    }
    return float && Number.isInteger(Number(text.slice(start, i)));
  };
  walk(value);
}

/** JSON.parse, with the integral floats of the text marked. */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (value !== null && typeof value === 'object' && INTEGRAL_FLOAT_HINT.test(text)) markText(text, value);
  return value;
}

/**
 * Copies the marks of a parsed body onto the object made from it (class-transformer builds new
 * objects, free-form ones too), key by key where both sides hold the same key.
 */
export function carryFloats(from: unknown, to: unknown): void {
  if (!from || typeof from !== 'object' || !to || typeof to !== 'object' || from === to) return;
  const keys = MARKS.get(from);
  for (const key of Object.keys(from)) {
    const a = (from as Record<string, unknown>)[key];
    const b = (to as Record<string, unknown>)[key];
    if (keys?.has(key) && typeof b === 'number') markFloat(to, key);
    else if (a && typeof a === 'object') carryFloats(a, b);
  }
}

/** Python's repr of a float with an integral value: `1.0`, `-0.0`, `1e+16`. */
function floatText(n: number): string {
  if (!Number.isFinite(n) || !Number.isInteger(n)) return JSON.stringify(n);
  if (Math.abs(n) >= 1e16) return n.toExponential().replace(/e\+?/, 'e+').replace('e+-', 'e-');
  return Object.is(n, -0) ? '-0.0' : `${n}.0`;
}

const NONCE = `\u0000${Math.random().toString(36).slice(2)}:`;
const PLACEHOLDER = new RegExp(`"\\\\u0000${NONCE.slice(1)}([^"]*)"`, 'g');

/** JSON.stringify, writing marked floats as floats. */
export function stringifyJson(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, function (this: object, key: string, v: unknown) {
    if (typeof v === 'number' && MARKS.get(this)?.has(key)) {
      marked = true;
      return `${NONCE}${floatText(v)}`;
    }
    return v;
  });
  return marked ? text.replace(PLACEHOLDER, '$1') : text;
}

/** Express middleware, after the JSON body parser: marks the integral floats of a JSON body. */
export function markBodyFloats(req: Request, _res: Response, next: NextFunction): void {
  const raw = (req as Request & { [RAW_TEXT]?: string })[RAW_TEXT];
  if (raw !== undefined && req.body && typeof req.body === 'object') markText(raw, req.body);
  next();
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Every answer of an Express app (`res.json`, on its response prototype, once) goes through
 * stringifyJson, so what was a float is answered as one. When the route set no Content-Type, the
 * header is set as it is and the text sent as bytes: Express would otherwise parse and format the
 * content type twice per answer (mime lookup, then charset), a cost on every hot route.
 */
export function floatAnswers(response: Response): void {
  response.json = function (this: Response, body: unknown) {
    const text = stringifyJson(body);
    if (this.getHeader('Content-Type') !== undefined) return this.send(text);
    this.setHeader('Content-Type', JSON_TYPE);
    return this.send(Buffer.from(text, 'utf8'));
  };
}

const RAW_TEXT = Symbol('simvault:json-text');

/** body-parser's `verify`: keeps the text of a JSON body that may hold integral floats. */
export function keepFloatText(req: Request, _res: Response, buf: Buffer, encoding: string): void {
  const text = buf.toString((encoding || 'utf8') as BufferEncoding);
  if (INTEGRAL_FLOAT_HINT.test(text)) (req as Request & { [RAW_TEXT]?: string })[RAW_TEXT] = text;
}
