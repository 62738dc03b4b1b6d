import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dialectOf, numberedPlaceholders } from '@simvault/db';
import type { DataSource } from 'typeorm';
import { and, parseField, parseFilter, type Field } from '../src/search/filter';
import { parameterKey, parametersOf, SearchCompiler, type SearchBase } from '../src/search/search-sql';

/**
 * The SQL the results search compiler writes, committed per dialect for review (test/sql/*.sql),
 * as immich keeps its query snapshots: a change to the compiler shows up in the diff as the SQL
 * each backend will run, and this test fails until the files are regenerated with
 * `SIMVAULT_WRITE_SQL_SNAPSHOTS=1 npx jest apps/results/test/search-sql.spec.ts`.
 */
const CASES: {
  name: string;
  filter?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  base?: Partial<SearchBase>;
}[] = [
  { name: 'no filter, registration order' },
  {
    name: 'no filter, one simulation, sorted by a parameter',
    base: { simulationName: 'thermal' },
    sort: 'inputs.temperature',
    order: 'asc',
  },
  { name: 'one range', filter: 'inputs.temperature >= 300' },
  {
    name: 'two conditions on one parameter (one index range)',
    filter: 'inputs.temperature >= 300 and inputs.temperature < 500',
  },
  {
    name: 'three ranges (AND of sets)',
    filter: 'inputs.temperature >= 300 and inputs.pressure < 2 and outputs.stress > 10',
  },
  { name: 'OR and IN', filter: "outputs.converged = true or inputs.mesh in (1, 2) or inputs.label = 'fine'" },
  { name: 'NOT', filter: 'not inputs.temperature = 3' },
  { name: 'null and exists', filter: 'outputs.stress is null and inputs.mesh is not null' },
  { name: 'result fields', filter: "status <> 'failed' and duration_seconds > 5" },
  { name: 'a tag (EXISTS on the result, from the tag index)', filter: 'tag.project = "wing-2"' },
  {
    name: 'a tag with a parameter, a tag list and an absent tag',
    filter: "inputs.temperature >= 300 and tag.campaign in ('spring', 'autumn') and tag.reviewed is null",
    base: { simulationName: 'thermal' },
  },
  {
    name: 'filter with version and status base',
    filter: 'inputs.temperature >= 300',
    base: { simulationName: 'thermal', simulationVersion: '1.0', status: 'completed' },
  },
  {
    name: 'filter sorted by a result field',
    filter: 'inputs.temperature >= 300',
    sort: 'duration_seconds',
    order: 'desc',
  },
  {
    name: 'filter sorted by another parameter',
    filter: 'inputs.temperature >= 300',
    sort: 'outputs.stress',
    order: 'asc',
  },
];

function render(pg: boolean): string {
  const dialect = dialectOf({ options: { type: pg ? 'postgres' : 'better-sqlite3' } } as DataSource);
  const blocks = CASES.map((c) => {
    const filter = c.filter ? and([parseFilter(c.filter)]) : null;
    const sortField = c.sort ? parseField(c.sort) : null;
    const named = [...parametersOf(filter), ...(sortField?.kind === 'param' ? [sortField] : [])];
    // Parameter ids as the service would look them up: stable, one or two per name.
    const ids = new Map<string, number[]>();
    named.forEach((f: Extract<Field, { kind: 'param' }>) => {
      if (!ids.has(parameterKey(f)))
        ids.set(parameterKey(f), ids.size % 2 === 0 ? [ids.size + 1] : [ids.size + 1, ids.size + 11]);
    });
    const compiler = new SearchCompiler(
      pg,
      (d) => dialect.date(d),
      { includeInvalid: false, ...c.base },
      ids,
    );
    const query = compiler.compile(
      filter,
      { field: sortField, descending: (c.order ?? 'desc') === 'desc' },
      50,
      0,
    );
    const text = (sql: string) => (pg ? numberedPlaceholders(sql) : sql);
    const parts = [
      `-- ${c.name}${c.filter ? `\n-- filter: ${c.filter}` : ''}${c.sort ? `\n-- sort: ${c.sort} ${c.order}` : ''}`,
    ];
    if (query.count)
      parts.push(`-- count\n${text(query.count.sql)};\n-- params: ${JSON.stringify(query.count.params)}`);
    parts.push(`-- page\n${text(query.page.sql)};\n-- params: ${JSON.stringify(query.page.params)}`);
    return parts.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

describe.each([
  ['sqlite', false],
  ['postgres', true],
])('results search SQL on %s', (name, pg) => {
  const file = resolve(__dirname, 'sql', `search.${name}.sql`);
  it('matches the committed snapshot', () => {
    const sql = render(pg);
    if (process.env.SIMVAULT_WRITE_SQL_SNAPSHOTS === '1') writeFileSync(file, sql);
    expect(sql).toBe(readFileSync(file, 'utf8'));
  });
});
