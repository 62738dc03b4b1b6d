/** A piece of SQL with `?` placeholders and their values, in textual order. */
export interface Frag {
  sql: string;
  params: unknown[];
}

export const frag = (sql: string, ...params: unknown[]): Frag => ({ sql, params });

/** Joins pieces with a separator, keeping every value next to its placeholder. */
export function joinFrags(parts: Frag[], separator: string): Frag {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

/** `?, ?, ?` for a list of values. */
export function placeholders(values: unknown[]): Frag {
  return { sql: values.map(() => '?').join(', '), params: values };
}
