import { badRequest } from '@simvault/core';
import { ValueKind } from '@simvault/entities';
import { frag, joinFrags, placeholders, type Frag } from '../db/sql';
import { canonicalJson } from '../results/typed-value';
import { fieldName, RESULT_FIELDS, type Field, type Filter, type Literal } from './filter';

/** How SearchCompiler finds a parameter's ids: `input\u0000temperature`. */
export const parameterKey = (field: Extract<Field, { kind: 'param' }>) => `${field.scope}\u0000${field.name}`;

/** Every parameter a filter names. */
export function parametersOf(filter: Filter | null): Extract<Field, { kind: 'param' }>[] {
  if (filter === null) return [];
  switch (filter.op) {
    case 'and':
    case 'or':
      return filter.args.flatMap(parametersOf);
    case 'not':
      return parametersOf(filter.arg);
    default:
      return filter.field.kind === 'param' ? [filter.field] : [];
  }
}

/** What every result of a search must be, besides the filter. */
export interface SearchBase {
  simulationName?: string;
  simulationVersion?: string;
  status?: string;
  includeInvalid: boolean;
}

export interface SortKey {
  /** null: registration order (the result id, which follows created_at), newest first by default. */
  field: Field | null;
  descending: boolean;
}

/** The columns a search reads for each result on the page. */
export const PAGE_COLUMNS = [
  'id',
  'execution_id',
  'simulation_name',
  'simulation_version',
  'squid_id',
  'input_params',
  'output_params',
  'status',
  'created_at',
  'updated_at',
  'duration_seconds',
  'valid',
  'metadata',
  'run_file',
  'run_checksum',
  'run_size_bytes',
];

/**
 * Turns a filter into SQL that the indexes serve. Each condition on a parameter is a set of result
 * ids read from idx_result_values_number or idx_result_values_text (parameter, validity, kind, value);
 * AND, OR and NOT combine those sets. The combination is written for each backend's planner, as
 * measured (docs/results.md): SQLite intersects sets fastest with INTERSECT, PostgreSQL with
 * semi-joins (its INTERSECT hashes every input, three times slower here). Counting and the page
 * come from one materialized set, so the filter runs once per search and never after a LIMIT.
 */
export class SearchCompiler {
  private alias = 0;

  /**
   * `parameters` maps each parameter the filter and sort name (parameterKey) to its ids, looked up
   * beforehand: with the ids as values the planner knows which part of the value index it reads.
   */
  constructor(
    private readonly pg: boolean,
    private readonly date: (value: Date) => unknown,
    private readonly base: SearchBase,
    private readonly parameters: Map<string, number[]>,
  ) {}

  /**
   * `{count, page}` statements: the count of all matches, and one sorted page of them. The page is
   * sorted on its keys alone and only its rows are then read whole (the JSON of every match would
   * otherwise go through the sort).
   */
  compile(filter: Filter | null, sort: SortKey, limit: number, offset: number): { count?: Frag; page: Frag } {
    // A filtered page ranks the matching ids without reading each match's result row unless the
    // order is one of its fields: registration order needs the id alone, a parameter its value.
    const fromMatches = filter !== null && sort.field?.kind !== 'result';
    const id = fromMatches ? 'm.result_id' : 'r.id';
    const keys = this.sortKeys(sort, id);
    const keyColumns = keys.map((k, i) => `${k.expr} AS sk${i}`).join(', ');
    const innerOrder = keys.map((k, i) => `sk${i} ${k.dir}`).join(', ');
    const outerOrder = keys.map((k, i) => `p.sk${i} ${k.dir}`).join(', ');
    const columns = PAGE_COLUMNS.map((c) => `r.${c}`).join(', ');
    if (filter === null) {
      const where = this.baseWhere('r');
      return {
        count: joinFrags([frag('SELECT COUNT(*) AS total FROM results r WHERE '), where], ''),
        page: joinFrags(
          [
            frag(`SELECT ${columns} FROM (SELECT r.id AS pid, ${keyColumns} FROM results r `),
            this.sortJoin(sort, id),
            frag(' WHERE '),
            where,
            frag(
              ` ORDER BY ${innerOrder} LIMIT ? OFFSET ?) p JOIN results r ON r.id = p.pid ORDER BY ${outerOrder}`,
              limit,
              offset,
            ),
          ],
          '',
        ),
      };
    }
    const needsBase = this.base.simulationVersion !== undefined || this.base.status !== undefined;
    const matches = needsBase ? this.intersect([this.set(filter), this.universe()], []) : this.set(filter);
    const ranked = fromMatches
      ? joinFrags([frag(`(SELECT m.result_id AS pid, ${keyColumns} FROM m `), this.sortJoin(sort, id)], '')
      : frag(`(SELECT r.id AS pid, ${keyColumns} FROM m JOIN results r ON r.id = m.result_id `);
    return {
      page: joinFrags(
        [
          frag('WITH m AS MATERIALIZED ('),
          matches,
          frag(`) SELECT t.total, ${columns} FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN `),
          ranked,
          frag(
            ` ORDER BY ${innerOrder} LIMIT ? OFFSET ?) p ON 1 = 1 LEFT JOIN results r ON r.id = p.pid`,
            limit,
            offset,
          ),
          frag(` ORDER BY ${outerOrder}`),
        ],
        '',
      ),
    };
  }

  /** SQL answering the set of result ids (column `result_id`) that satisfy `filter`. */
  set(filter: Filter): Frag {
    switch (filter.op) {
      case 'or':
        return joinFrags(
          filter.args.map((a) => this.wrap(this.set(a))),
          ' UNION ',
        );
      case 'not':
        return this.intersect([this.universe()], [this.set(filter.arg)]);
      case 'and': {
        // Conditions on the same parameter hold for its one value: one index range, not one scan each
        // (`x >= 1 and x < 5` reads the values between 1 and 5, not all values above 1).
        const byParam = new Map<string, Frag[]>();
        const others: Filter[] = [];
        for (const a of filter.args) {
          const condition = this.valueLeaf(a);
          if (condition && a.op !== 'and' && a.op !== 'or' && a.op !== 'not') {
            const key = JSON.stringify(a.field);
            byParam.set(key, [...(byParam.get(key) ?? []), condition]);
          } else others.push(a);
        }
        const merged = [...byParam.entries()].map(([key, conditions]) =>
          this.paramSet(
            JSON.parse(key),
            joinFrags(
              conditions.map((c) => joinFrags([frag('('), c, frag(')')], '')),
              ' AND ',
            ),
          ),
        );
        const positives = [...merged, ...others.filter((a) => a.op !== 'not').map((a) => this.set(a))];
        const negatives = others.flatMap((a) => (a.op === 'not' ? [this.set(a.arg)] : []));
        return this.intersect(positives.length > 0 ? positives : [this.universe()], negatives);
      }
      default:
        return this.leaf(filter);
    }
  }

  private leaf(filter: Exclude<Filter, { op: 'and' | 'or' | 'not' }>): Frag {
    if (filter.field.kind === 'result') return this.resultLeaf(filter);
    if (filter.field.kind === 'tag') return this.tagLeaf(filter, filter.field);
    const field = filter.field;
    const condition = this.valueLeaf(filter);
    if (condition) return this.paramSet(field, condition);
    if (filter.op === 'exists') return this.paramSet(field, frag('1 = 1'));
    if (filter.op === 'null' || (filter.op === 'compare' && filter.value === null)) {
      // Absent or null: everything but the results where it has a value.
      return this.intersect([this.universe()], [this.paramSet(field, frag(`v.kind <> ${ValueKind.Null}`))]);
    }
    // An IN list with null in it: the listed values, or no value.
    const values = (filter as Extract<Filter, { op: 'in' }>).values;
    const present = values.filter((v) => v !== null);
    const sets = [this.leaf({ op: 'null', field })];
    if (present.length > 0) sets.unshift(this.paramSet(field, this.inCondition(field, present)));
    return sets.length === 1
      ? sets[0]
      : joinFrags(
          sets.map((s) => this.wrap(s)),
          ' UNION ',
        );
  }

  /**
   * The condition on one value row (alias `v`) of a parameter leaf that is a plain test of the value
   * (a comparison, or an IN list without null); null for everything else.
   */
  private valueLeaf(filter: Filter): Frag | null {
    if (filter.op !== 'compare' && filter.op !== 'in') return null;
    if (filter.field.kind !== 'param') return null;
    if (filter.op === 'compare') {
      return filter.value === null ? null : this.valueCondition(filter.field, filter.compare, filter.value);
    }
    if (filter.values.length === 0) return frag('1 = 0');
    if (filter.values.includes(null)) return null;
    return this.inCondition(filter.field, filter.values);
  }

  /** Result ids whose value of `field` meets `condition` (on alias `v`), from the value indexes. */
  private paramSet(field: Extract<Field, { kind: 'param' }>, condition: Frag): Frag {
    const parts = [frag('SELECT v.result_id FROM result_values v WHERE '), this.parameterIs('v', field)];
    if (!this.base.includeInvalid) parts.push(frag(' AND v.valid = ?', true));
    parts.push(frag(' AND '), condition);
    return joinFrags(parts, '');
  }

  /** `a.parameter_id` is (one of) the parameter's ids; false when no run has the parameter. */
  private parameterIs(a: string, field: Extract<Field, { kind: 'param' }>): Frag {
    const ids = this.parameters.get(parameterKey(field)) ?? [];
    if (ids.length === 0) return frag('1 = 0');
    if (ids.length === 1) return frag(`${a}.parameter_id = ?`, ids[0]);
    return joinFrags([frag(`${a}.parameter_id IN (`), placeholders(ids), frag(')')], '');
  }

  private valueCondition(field: Field, compare: string, value: Literal): Frag {
    const name = fieldName(field);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw badRequest(`${name}: compare with a finite number.`);
      return frag(`v.kind = ${ValueKind.Number} AND v.num_value ${compare} ?`, value);
    }
    if (typeof value === 'string')
      return frag(`v.kind = ${ValueKind.String} AND v.text_value ${compare} ?`, value);
    if (compare !== '=') {
      throw badRequest(
        `${name} ${compare} ${JSON.stringify(value)}: only numbers and strings can be ordered; use = or != for ${typeof value === 'boolean' ? 'true and false' : 'lists and objects'}.`,
      );
    }
    if (typeof value === 'boolean')
      return frag(`v.kind = ${ValueKind.Boolean} AND v.num_value = ?`, value ? 1 : 0);
    return frag(`v.kind = ${ValueKind.Other} AND v.text_value = ?`, canonicalJson(value));
  }

  private inCondition(field: Field, values: Literal[]): Frag {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const strings = values.filter((v): v is string => typeof v === 'string');
    const booleans = values.filter((v): v is boolean => typeof v === 'boolean').map((b) => (b ? 1 : 0));
    const others = values.filter((v) => typeof v === 'object' && v !== null).map((v) => canonicalJson(v));
    if (numbers.some((n) => !Number.isFinite(n)))
      throw badRequest(`${fieldName(field)}: compare with finite numbers.`);
    const groups: Frag[] = [];
    const group = (kind: ValueKind, column: string, list: unknown[]) =>
      list.length > 0 &&
      groups.push(
        joinFrags([frag(`(v.kind = ${kind} AND v.${column} IN (`), placeholders(list), frag('))')], ''),
      );
    group(ValueKind.Number, 'num_value', numbers);
    group(ValueKind.String, 'text_value', strings);
    group(ValueKind.Boolean, 'num_value', booleans);
    group(ValueKind.Other, 'text_value', others);
    return groups.length === 1 ? groups[0] : joinFrags([frag('('), joinFrags(groups, ' OR '), frag(')')], '');
  }

  private resultLeaf(filter: Exclude<Filter, { op: 'and' | 'or' | 'not' }>): Frag {
    const field = filter.field as Extract<Field, { kind: 'result' }>;
    const column = `r.${field.name}`;
    const type = RESULT_FIELDS[field.name];
    const bind = (value: Literal): unknown => {
      if (type === 'number' && typeof value === 'number' && Number.isFinite(value)) return value;
      if (type === 'string' && typeof value === 'string') return value;
      if (type === 'boolean' && typeof value === 'boolean') return value;
      if (type === 'time' && typeof value === 'string') {
        const date = new Date(value);
        if (!Number.isNaN(date.getTime())) return this.date(date);
        throw badRequest(`${field.name}: ${JSON.stringify(value)} is not a date and time (use ISO 8601).`);
      }
      throw badRequest(
        `${field.name} holds ${type === 'time' ? 'dates and times (ISO 8601 strings)' : type === 'boolean' ? 'true, false or null' : `${type}s`}; ${JSON.stringify(value)} is not one.`,
      );
    };
    let condition: Frag;
    switch (filter.op) {
      case 'exists':
        throw badRequest(
          `$exists applies to parameters (inputs.<name>, outputs.<name>), not to ${field.name}.`,
        );
      case 'null':
        condition = frag(`${column} IS NULL`);
        break;
      case 'compare':
        condition =
          filter.value === null
            ? frag(`${column} IS NULL`)
            : frag(`${column} ${filter.compare} ?`, bind(filter.value));
        break;
      case 'in': {
        const present = filter.values.filter((v) => v !== null);
        const parts: Frag[] = [];
        if (present.length > 0)
          parts.push(joinFrags([frag(`${column} IN (`), placeholders(present.map(bind)), frag(')')], ''));
        if (present.length < filter.values.length) parts.push(frag(`${column} IS NULL`));
        condition =
          parts.length === 0
            ? frag('1 = 0')
            : joinFrags([frag('('), joinFrags(parts, ' OR '), frag(')')], '');
        break;
      }
    }
    return joinFrags(
      [frag('SELECT r.id AS result_id FROM results r WHERE '), this.baseWhere('r'), frag(' AND '), condition],
      '',
    );
  }

  /**
   * Result ids by a tag: read from idx_result_tags_key_value (key, value, result_id), each checked
   * against the search's base with an EXISTS on the result's primary key. Absent (or `= null`) is
   * every result but those with the tag.
   */
  private tagLeaf(
    filter: Exclude<Filter, { op: 'and' | 'or' | 'not' }>,
    field: Extract<Field, { kind: 'tag' }>,
  ) {
    const name = fieldName(field);
    const text = (value: Literal): string => {
      if (typeof value === 'string') return value;
      throw badRequest(
        `${name}: tag values are strings; compare with a quoted string such as ${name} = ${JSON.stringify(String(JSON.stringify(value)))}.`,
      );
    };
    const tagSet = (condition: Frag | null): Frag =>
      joinFrags(
        [
          frag('SELECT tg.result_id FROM result_tags tg WHERE tg.key = ?', field.name),
          ...(condition ? [frag(' AND '), condition] : []),
          frag(' AND EXISTS (SELECT 1 FROM results r WHERE r.id = tg.result_id AND '),
          this.baseWhere('r'),
          frag(')'),
        ],
        '',
      );
    const absent = () => this.intersect([this.universe()], [tagSet(null)]);
    switch (filter.op) {
      case 'exists':
        return tagSet(null);
      case 'null':
        return absent();
      case 'compare':
        return filter.value === null
          ? absent()
          : tagSet(frag(`tg.value ${filter.compare} ?`, text(filter.value)));
      case 'in': {
        const present = filter.values.filter((v) => v !== null).map(text);
        const sets: Frag[] = [];
        if (present.length > 0)
          sets.push(tagSet(joinFrags([frag('tg.value IN ('), placeholders(present), frag(')')], '')));
        if (present.length < filter.values.length) sets.push(absent());
        if (sets.length === 0) return tagSet(frag('1 = 0'));
        return sets.length === 1
          ? sets[0]
          : joinFrags(
              sets.map((s) => this.wrap(s)),
              ' UNION ',
            );
      }
    }
  }

  private universe(): Frag {
    return joinFrags([frag('SELECT r.id AS result_id FROM results r WHERE '), this.baseWhere('r')], '');
  }

  baseWhere(a: string): Frag {
    const parts: Frag[] = [];
    if (this.base.simulationName !== undefined)
      parts.push(frag(`${a}.simulation_name = ?`, this.base.simulationName));
    if (!this.base.includeInvalid) parts.push(frag(`${a}.valid = ?`, true));
    if (this.base.simulationVersion !== undefined) {
      parts.push(frag(`${a}.simulation_version = ?`, this.base.simulationVersion));
    }
    if (this.base.status !== undefined) parts.push(frag(`${a}.status = ?`, this.base.status));
    return parts.length > 0 ? joinFrags(parts, ' AND ') : frag('1 = 1');
  }

  /** The ids in every one of `sets` and in none of `excluded`. */
  private intersect(sets: Frag[], excluded: Frag[]): Frag {
    if (!this.pg) {
      let sql = joinFrags(
        sets.map((p) => this.wrap(p)),
        ' INTERSECT ',
      );
      for (const n of excluded) sql = joinFrags([sql, this.wrap(n)], ' EXCEPT ');
      return sql;
    }
    const s = this.nextAlias();
    const conditions = [
      ...sets.slice(1).map((p) => joinFrags([frag(`${s}.result_id IN (`), p, frag(')')], '')),
      ...excluded.map((n) => this.notExists(s, n)),
    ];
    return joinFrags(
      [
        frag(`SELECT ${s}.result_id FROM (`),
        sets[0],
        frag(`) ${s}`),
        ...(conditions.length > 0 ? [frag(' WHERE '), joinFrags(conditions, ' AND ')] : []),
      ],
      '',
    );
  }

  private notExists(alias: string, set: Frag): Frag {
    const n = this.nextAlias();
    return joinFrags(
      [frag('NOT EXISTS (SELECT 1 FROM ('), set, frag(`) ${n} WHERE ${n}.result_id = ${alias}.result_id)`)],
      '',
    );
  }

  /** A set as one member of a compound SELECT. */
  private wrap(set: Frag): Frag {
    const s = this.nextAlias();
    return joinFrags([frag(`SELECT ${s}.result_id FROM (`), set, frag(`) ${s}`)], '');
  }

  private nextAlias(): string {
    return `s${++this.alias}`;
  }

  private sortKeys(sort: SortKey, id: string): { expr: string; dir: 'ASC' | 'DESC' }[] {
    const dir = sort.descending ? 'DESC' : 'ASC';
    if (sort.field === null) return [{ expr: id, dir }];
    if (sort.field.kind === 'param') {
      // Results with the parameter first, numbers before strings, in the asked order; then by id.
      return [
        { expr: `CASE WHEN s.result_id IS NULL OR s.kind = ${ValueKind.Null} THEN 1 ELSE 0 END`, dir: 'ASC' },
        { expr: 'CASE WHEN s.num_value IS NULL THEN 1 ELSE 0 END', dir: 'ASC' },
        { expr: 's.num_value', dir },
        { expr: 's.text_value', dir },
        { expr: id, dir },
      ];
    }
    if (sort.field.kind === 'tag')
      throw badRequest(`Results cannot be sorted by a tag (${fieldName(sort.field)}).`);
    const column = `r.${sort.field.name}`;
    // Columns that are never null sort by themselves, so an index on them can serve the order.
    const nullable = sort.field.name === 'duration_seconds' || sort.field.name === 'completed_at';
    return [
      ...(nullable ? [{ expr: `CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, dir: 'ASC' as const }] : []),
      { expr: column, dir },
      { expr: 'r.id', dir },
    ];
  }

  /** The sort parameter's value row of each result (alias `s`), when sorting by a parameter. */
  private sortJoin(sort: SortKey, id: string): Frag {
    if (sort.field?.kind !== 'param') return frag('');
    return joinFrags(
      [frag(`LEFT JOIN result_values s ON s.result_id = ${id} AND `), this.parameterIs('s', sort.field)],
      '',
    );
  }
}
