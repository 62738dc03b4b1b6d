/**
 * The filter language: a tree of conditions on a result's parameters (`inputs.temperature`) and
 * its own fields (`status`), built from sim2l's filter objects or parsed from a string a person
 * writes, such as `inputs.temperature >= 300 and (outputs.converged = true or inputs.mesh in (1, 2))`.
 */

export type Scope = 'input' | 'output';

/** Result fields a filter may name besides parameters, with the type of their values. */
export const RESULT_FIELDS = {
  status: 'string',
  simulation_name: 'string',
  simulation_version: 'string',
  execution_id: 'string',
  squid_id: 'string',
  duration_seconds: 'number',
  created_at: 'time',
  completed_at: 'time',
  /** Whether the values agree with the catalog version's schema; null when not checked. */
  schema_ok: 'boolean',
} as const;
export type ResultField = keyof typeof RESULT_FIELDS;

export type Field =
  | { kind: 'param'; scope: Scope; name: string }
  | { kind: 'result'; name: ResultField }
  /** A tag of the result (`tag.project`): its values are strings. */
  | { kind: 'tag'; name: string };

export type Literal = number | string | boolean | null | unknown[] | { [key: string]: unknown };

export type CompareOp = '=' | '<' | '<=' | '>' | '>=';

export type Filter =
  | { op: 'and'; args: Filter[] }
  | { op: 'or'; args: Filter[] }
  | { op: 'not'; arg: Filter }
  | { op: 'compare'; field: Field; compare: CompareOp; value: Literal }
  | { op: 'in'; field: Field; values: Literal[] }
  /** The field has no value: absent, or null. */
  | { op: 'null'; field: Field }
  /** The parameter is present (any value, null included). */
  | { op: 'exists'; field: Field };

/**
 * How large a filter may be, whichever way it is written: nested groups (parentheses, NOT) at most
 * `MAX_FILTER_DEPTH` deep, at most `MAX_FILTER_TERMS` conditions in all and `MAX_IN_VALUES` values
 * in an IN list. Each condition is a set
 * operation in the compiled SQL, and SQLite takes at most 500 of them in one statement.
 */
export const MAX_FILTER_DEPTH = 20;
export const MAX_FILTER_TERMS = 100;
/** Values in one IN list (each is a bound parameter of the statement). */
export const MAX_IN_VALUES = 1000;

/** Why a filter is too large to run, or undefined; walked without recursion. */
export function filterSizeProblem(filter: Filter): string | undefined {
  const stack: [Filter, number][] = [[filter, 0]];
  let terms = 0;
  while (stack.length > 0) {
    const [f, depth] = stack.pop()!;
    if (depth > MAX_FILTER_DEPTH) return `The filter nests deeper than ${MAX_FILTER_DEPTH} levels.`;
    if (f.op === 'and' || f.op === 'or') for (const a of f.args) stack.push([a, depth + 1]);
    else if (f.op === 'not') stack.push([f.arg, depth + 1]);
    else if (f.op === 'in' && f.values.length > MAX_IN_VALUES)
      return `An IN list of the filter has more than ${MAX_IN_VALUES} values.`;
    else if (++terms > MAX_FILTER_TERMS)
      return `The filter has more than ${MAX_FILTER_TERMS} conditions; split the search.`;
  }
  return undefined;
}

export const and = (args: Filter[]): Filter => (args.length === 1 ? args[0] : { op: 'and', args });
export const not = (arg: Filter): Filter => (arg.op === 'not' ? arg.arg : { op: 'not', arg });

export function fieldName(field: Field): string {
  if (field.kind === 'tag') return `tag.${field.name}`;
  return field.kind === 'param' ? `${field.scope}s.${field.name}` : field.name;
}

/**
 * Reads `inputs.x`, `outputs.x` (or `input.x`, `output.x`), `tag.x` (or `tags.x`) or a result
 * field; null when it is none of them.
 */
export function parseField(text: string): Field | null {
  const dot = text.indexOf('.');
  if (dot > 0) {
    const prefix = text.slice(0, dot).toLowerCase();
    const name = text.slice(dot + 1);
    if (!name) return null;
    if (prefix === 'inputs' || prefix === 'input') return { kind: 'param', scope: 'input', name };
    if (prefix === 'outputs' || prefix === 'output') return { kind: 'param', scope: 'output', name };
    if (prefix === 'tag' || prefix === 'tags') return { kind: 'tag', name };
    return null;
  }
  // Own keys only: `constructor` is no field, whatever Object.prototype holds.
  return Object.hasOwn(RESULT_FIELDS, text) ? { kind: 'result', name: text as ResultField } : null;
}

/** A malformed filter string: where, and what was expected there. */
export class FilterSyntaxError extends Error {
  constructor(
    readonly filter: string,
    readonly position: number,
    readonly problem: string,
  ) {
    super(`Invalid filter at position ${position + 1}: ${problem}.`);
    this.name = 'FilterSyntaxError';
  }

  /** The filter with a caret under the error, for a person reading a terminal. */
  get pointer(): string {
    return `${this.filter}\n${' '.repeat(this.position)}^`;
  }
}

type TokenKind = 'name' | 'number' | 'string' | 'op' | '(' | ')' | ',' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  value?: string | number;
  at: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'true', 'false']);
const OPERATORS = ['<=', '>=', '!=', '<>', '==', '=', '<', '>'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (at: number, problem: string): never => {
    throw new FilterSyntaxError(source, at, problem);
  };
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, at });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, at });
      i += op.length;
      continue;
    }
    if (c === "'" || c === '"') {
      // 'single' (a doubled quote escapes it, as in SQL) or "double" (backslash escapes, as in JSON).
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) fail(at, `the string starting here is not closed with ${c}`);
        const d = source[i];
        if (d === c) {
          if (c === "'" && source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\\' && c === '"') {
          const next = source[i + 1];
          const escapes: Record<string, string> = {
            n: '\n',
            t: '\t',
            r: '\r',
            '"': '"',
            '\\': '\\',
            '/': '/',
          };
          if (next === undefined || !Object.hasOwn(escapes, next))
            fail(i, 'unknown escape in a double-quoted string');
          value += escapes[next];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: source.slice(at, i), value, at });
      continue;
    }
    const number = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(source.slice(i));
    if (number && (c !== '-' && c !== '+' ? true : /[\d.]/.test(source[i + 1] ?? ''))) {
      const after = source[i + number[0].length];
      if (after !== undefined && /[A-Za-z_]/.test(after))
        fail(i + number[0].length, 'a number runs into a name');
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), at });
      i += number[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      // A name, possibly dotted: inputs.temperature, outputs.`max stress`.
      let text = '';
      while (i < source.length) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
        if (m) {
          text += m[0];
          i += m[0].length;
        } else if (source[i] === '`') {
          const end = source.indexOf('`', i + 1);
          if (end < 0) fail(i, 'the quoted name starting here is not closed with `');
          text += source.slice(i + 1, end);
          i = end + 1;
        } else break;
        if (source[i] === '.' && text.indexOf('.') < 0) {
          text += '.';
          i++;
          if (i >= source.length || !/[A-Za-z_`]/.test(source[i]))
            fail(i, `expected a parameter name after "${text}"`);
        } else break;
      }
      tokens.push({ kind: 'name', text, at });
      continue;
    }
    fail(at, `unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}

/**
 * Parses a filter string. Precedence: NOT binds tighter than AND, AND tighter than OR; parentheses
 * group. Comparisons: `= == != <> < <= > >=`, `IN (…)`, `NOT IN (…)`, `IS NULL`, `IS NOT NULL`.
 * Values: numbers, 'strings' or "strings", true, false, null. Keywords are case-insensitive.
 */
export function parseFilter(source: string): Filter {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const keyword = (t: Token, word: string) => t.kind === 'name' && t.text.toLowerCase() === word;
  const describe = (t: Token) => (t.kind === 'end' ? 'the end of the filter' : `"${t.text}"`);
  const fail = (t: Token, expected: string): never => {
    throw new FilterSyntaxError(source, t.at, `expected ${expected} but found ${describe(t)}`);
  };

  const orExpr = (): Filter => {
    const args = [andExpr()];
    while (keyword(peek(), 'or')) {
      next();
      args.push(andExpr());
    }
    return args.length === 1 ? args[0] : { op: 'or', args };
  };
  const andExpr = (): Filter => {
    const args = [notExpr()];
    while (keyword(peek(), 'and')) {
      next();
      args.push(notExpr());
    }
    return and(args);
  };
  // Groups open: the parser recurses once per "(" or NOT, so it stops before the stack would.
  let depth = 0;
  const deeper = (t: Token) => {
    if (++depth > MAX_FILTER_DEPTH)
      throw new FilterSyntaxError(
        source,
        t.at,
        `groups and NOTs nest deeper than ${MAX_FILTER_DEPTH} levels`,
      );
  };
  const notExpr = (): Filter => {
    if (keyword(peek(), 'not')) {
      deeper(next());
      const inner = not(notExpr());
      depth--;
      return inner;
    }
    return primary();
  };
  const primary = (): Filter => {
    const t = peek();
    if (t.kind === '(') {
      deeper(next());
      const inner = orExpr();
      depth--;
      if (peek().kind !== ')') fail(peek(), '")" to close the "(" at position ' + (t.at + 1));
      next();
      return inner;
    }
    return predicate();
  };
  const literal = (): Literal => {
    const t = next();
    if (t.kind === 'number' || t.kind === 'string') return t.value!;
    if (keyword(t, 'true')) return true;
    if (keyword(t, 'false')) return false;
    if (keyword(t, 'null')) return null;
    pos--;
    return fail(t, 'a value (a number, a quoted string, true, false or null)');
  };
  const list = (): Literal[] => {
    if (peek().kind !== '(') fail(peek(), '"(" to start the list of values');
    next();
    const values = [literal()];
    while (peek().kind === ',') {
      next();
      values.push(literal());
    }
    if (peek().kind !== ')') fail(peek(), '"," or ")" in the list of values');
    next();
    return values;
  };
  const predicate = (): Filter => {
    const t = next();
    if (t.kind !== 'name' || KEYWORDS.has(t.text.toLowerCase())) {
      pos--;
      return fail(t, 'a field such as inputs.temperature, outputs.max_stress or status');
    }
    const field = parseField(t.text);
    if (!field) {
      throw new FilterSyntaxError(
        source,
        t.at,
        `"${t.text}" is not a field: name a parameter as inputs.<name> or outputs.<name>, a tag as tag.<key>, or one of ${Object.keys(RESULT_FIELDS).join(', ')}`,
      );
    }
    const o = peek();
    if (o.kind === 'op') {
      next();
      const value = literal();
      const op = o.text === '==' ? '=' : o.text === '<>' ? '!=' : o.text;
      if (op === '!=') return not({ op: 'compare', field, compare: '=', value });
      return { op: 'compare', field, compare: op as CompareOp, value };
    }
    if (keyword(o, 'in')) {
      next();
      return { op: 'in', field, values: list() };
    }
    if (keyword(o, 'not')) {
      next();
      if (!keyword(peek(), 'in')) fail(peek(), '"in" after "not"');
      next();
      return not({ op: 'in', field, values: list() });
    }
    if (keyword(o, 'is')) {
      next();
      const negated = keyword(peek(), 'not');
      if (negated) next();
      if (!keyword(peek(), 'null'))
        fail(peek(), negated ? '"null" after "is not"' : '"null" or "not null" after "is"');
      next();
      return negated ? not({ op: 'null', field }) : { op: 'null', field };
    }
    return fail(o, `a comparison (=, !=, <, <=, >, >=, in, not in, is null) after ${t.text}`);
  };

  if (peek().kind === 'end') fail(peek(), 'a condition');
  const filter = orExpr();
  if (peek().kind !== 'end') fail(peek(), '"and", "or" or the end of the filter');
  return filter;
}
