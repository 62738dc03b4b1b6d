import type Database from 'better-sqlite3';
import { RunFileError, sqliteProblem } from './errors';
import { RUN_INVALIDATIONS_TABLE, SIM2L_INDEXES, SIM2L_TABLES, SIM2L_VIEWS } from './schema';

/** What a run database may hold besides sim2l's tables: SQLite's own bookkeeping. */
const SQLITE_TABLES = new Set([
  'sqlite_sequence',
  'sqlite_stat1',
  'sqlite_stat2',
  'sqlite_stat3',
  'sqlite_stat4',
]);
const KNOWN_TABLES = new Set<string>([...SIM2L_TABLES, RUN_INVALIDATIONS_TABLE, ...SQLITE_TABLES]);
const KNOWN_VIEWS = new Set<string>(SIM2L_VIEWS);
const KNOWN_INDEXES = new Set<string>(SIM2L_INDEXES);

/**
 * Why a database's schema is not the run-database format, or undefined. Reading a file runs the
 * SQL its schema holds (a generated column's expression on every row read, a view's query), so a
 * file is read only when its schema is the format's: sim2l's tables (and ours), with plain columns
 * (no generated or hidden ones), no virtual tables, no triggers, and no views or indexes beyond
 * the format's. Columns a newer or older sim2l has or lacks are fine: they are only data.
 */
export function runSchemaProblem(db: Database.Database): string | undefined {
  const entries = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as {
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }[];
  for (const e of entries) {
    const name = JSON.stringify(e.name);
    if (e.type === 'trigger') return `it has a trigger (${name}), which the run-database format has not`;
    if (e.type === 'view' && !KNOWN_VIEWS.has(e.name))
      return `it has a view ${name} beyond the format's ${SIM2L_VIEWS.join(' and ')}`;
    if (e.type === 'index' && !KNOWN_INDEXES.has(e.name) && !e.name.startsWith('sqlite_autoindex_'))
      return `it has an index ${name} the run-database format has not`;
    if (e.type !== 'table') continue;
    if (!KNOWN_TABLES.has(e.name)) return `it has a table ${name} the run-database format has not`;
    if (/^\s*CREATE\s+VIRTUAL\b/i.test(e.sql ?? '')) return `its table ${name} is a virtual table`;
    const columns = db.prepare(`PRAGMA table_xinfo(${JSON.stringify(e.name)})`).all() as {
      name: string;
      hidden: number;
    }[];
    const odd = columns.find((c) => c.hidden !== 0);
    if (odd)
      return `its column ${e.name}.${odd.name} is ${odd.hidden === 1 ? 'hidden' : 'generated'}, which the run-database format's columns never are`;
  }
  return undefined;
}

/** Opens a run file read-only with the schema's SQL distrusted, refusing a schema not the format's. */
export function checkRunSchema(db: Database.Database, path: string): void {
  // Functions not marked innocuous may not run from the schema (views, defaults, generated columns).
  db.pragma('trusted_schema = OFF');
  let problem: string | undefined;
  try {
    problem = runSchemaProblem(db);
  } catch (error) {
    throw sqliteProblem(error, path);
  }
  if (problem) throw new RunFileError('bad_layout', `${path} is not a run database: ${problem}.`);
}
