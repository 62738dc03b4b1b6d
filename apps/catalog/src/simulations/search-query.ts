/**
 * The search syntax, one parser for both backends:
 * - words must all match, each from its start (`therm` finds `thermal`); a word is split into its
 *   runs of letters and digits, which must follow each other (`thermal_sim` finds `thermal_sim`);
 * - `"a phrase"` must match as written, the last word whole;
 * - `-word` excludes; `tag:name` keeps simulations tagged `name` (as `tags=` with all of).
 * Matching is case-insensitive, on name, description and tags.
 */
export interface ParsedQuery {
  /** Each term is its tokens (lower-cased letter/digit runs), adjacent, the last a prefix unless quoted. */
  include: Term[];
  exclude: Term[];
  tags: string[];
}

export interface Term {
  tokens: string[];
  prefix: boolean;
}

const tokensOf = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);

export function parseQuery(query: string | undefined): ParsedQuery {
  const parsed: ParsedQuery = { include: [], exclude: [], tags: [] };
  if (!query) return parsed;
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of query.matchAll(pattern)) {
    const negative = match[1] === '-' || (match[3]?.startsWith('-') ?? false);
    const quoted = match[2] !== undefined;
    let text = quoted ? match[2] : match[3];
    if (!quoted && negative) text = text.slice(1);
    if (!quoted && /^tags?:/i.test(text)) {
      const tag = text
        .slice(text.indexOf(':') + 1)
        .trim()
        .toLowerCase();
      if (tag) parsed.tags.push(tag);
      continue;
    }
    const tokens = tokensOf(text);
    if (!tokens.length) continue;
    (negative ? parsed.exclude : parsed.include).push({ tokens, prefix: !quoted });
    if (parsed.include.length + parsed.exclude.length >= 16) break;
  }
  return parsed;
}

/** An FTS5 MATCH expression (tokens are letters and digits only, so quoting cannot be broken out of). */
export function fts5Expression(parsed: ParsedQuery): string {
  const term = (t: Term) => `"${t.tokens.join(' ')}"${t.prefix ? '*' : ''}`;
  const positive = parsed.include.map(term).join(' ');
  return parsed.exclude.reduce((expr, t) => `${expr} NOT ${term(t)}`, `(${positive})`);
}

/** A PostgreSQL to_tsquery('simple', …) expression. */
export function tsqueryExpression(parsed: ParsedQuery): string {
  const term = (t: Term) =>
    `(${t.tokens.map((token, i) => (t.prefix && i === t.tokens.length - 1 ? `${token}:*` : token)).join(' <-> ')})`;
  return [...parsed.include.map(term), ...parsed.exclude.map((t) => `!${term(t)}`)].join(' & ');
}
