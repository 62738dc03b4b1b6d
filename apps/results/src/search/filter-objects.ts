import { badRequest } from '@simvault/core';
import { and, not, type Filter, type Literal, type Scope } from './filter';

const OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists'];
const COMPARE = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/**
 * sim2l's filter objects (`input_filters`, `output_filters`): `{name: value}` is equality, and
 * `{name: {$gt: 1, $lte: 5}}` applies each operator; every entry must hold. sim2l knows $gt, $gte,
 * $lt, $lte and $eq; we add $ne, $in, $nin and $exists. An unknown operator is refused (sim2l
 * ignores it, which answers more than was asked for).
 */
export function filterFromObjects(
  scope: Scope,
  filters: Record<string, unknown> | null | undefined,
): Filter[] {
  const where = `${scope}_filters`;
  if (filters === null || filters === undefined) return [];
  if (!isPlainObject(filters))
    throw badRequest(`${where} must be an object of parameter name → value or {operator: value}.`);
  const out: Filter[] = [];
  for (const [name, spec] of Object.entries(filters)) {
    const field = { kind: 'param' as const, scope, name };
    const operators = isPlainObject(spec) ? Object.keys(spec) : [];
    if (!isPlainObject(spec) || operators.length === 0 || !operators.every((k) => k.startsWith('$'))) {
      // A plain value, or an object value without operators: equality (null: absent or null).
      out.push(
        spec === null
          ? { op: 'null', field }
          : { op: 'compare', field, compare: '=', value: spec as Literal },
      );
      continue;
    }
    const parts: Filter[] = [];
    for (const [operator, value] of Object.entries(spec)) {
      const at = `${where}.${name}.${operator}`;
      if (!OPERATORS.includes(operator)) {
        throw badRequest(`${at}: unknown operator ${operator}; use ${OPERATORS.join(', ')}.`);
      }
      if (operator === '$eq' || operator === '$ne') {
        const eq: Filter =
          value === null
            ? { op: 'null', field }
            : { op: 'compare', field, compare: '=', value: value as Literal };
        parts.push(operator === '$eq' ? eq : not(eq));
      } else if (operator === '$in' || operator === '$nin') {
        if (!Array.isArray(value)) throw badRequest(`${at} takes a list of values.`);
        const inList: Filter = { op: 'in', field, values: value as Literal[] };
        parts.push(operator === '$in' ? inList : not(inList));
      } else if (operator === '$exists') {
        if (typeof value !== 'boolean') throw badRequest(`${at} takes true or false.`);
        parts.push(value ? { op: 'exists', field } : not({ op: 'exists', field }));
      } else {
        parts.push({
          op: 'compare',
          field,
          compare: COMPARE[operator as keyof typeof COMPARE],
          value: value as Literal,
        });
      }
    }
    out.push(and(parts));
  }
  return out;
}
