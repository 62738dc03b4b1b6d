import type { DataSource } from 'typeorm';

/**
 * The driver pieces under the database gateway (gateway.ts), which is the one way apps run SQL:
 * better-sqlite3's one connection (synchronous statements, prepared once) and pg's pool (a
 * connection per transaction, no per-query wrapping).
 */

export type Row = Record<string, unknown>;

/** The parts of a better-sqlite3 statement used here. */
export interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

/** The parts of the better-sqlite3 connection behind a TypeORM DataSource used here. */
export interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
}

/** The parts of a pg client used here. */
export interface PgClient {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{
    rows: Row[];
    rowCount: number | null;
  }>;
  release(error?: Error): void;
}

/** TypeORM's own pg pool. */
export function pgPool(dataSource: DataSource): { connect(): Promise<PgClient> } {
  return (dataSource.driver as unknown as { master: { connect(): Promise<PgClient> } }).master;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the SQL passed here never has `?` in a literal). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * The SQLite connection of a DataSource and its prepared statements (at most `max`, the oldest
 * dropped first), prepared again should TypeORM ever replace the connection.
 */
export class SqliteStatements {
  private readonly statements = new Map<string, SqliteStatement>();
  private current?: SqliteConnection;

  constructor(
    private readonly dataSource: DataSource,
    private readonly max = 200,
  ) {}

  get connection(): SqliteConnection {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
    if (db !== this.current) {
      this.current = db;
      this.statements.clear();
    }
    return db;
  }

  prepare(sql: string): SqliteStatement {
    const db = this.connection;
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.statements.set(sql, statement);
      if (this.statements.size > this.max) this.statements.delete(this.statements.keys().next().value!);
    }
    return statement;
  }

  /** Runs one statement: its rows for a query, the number of rows changed otherwise. */
  run(sql: string, params: unknown[]): { rows: Row[]; affected: number } {
    const statement = this.prepare(sql);
    if (statement.reader) {
      const rows = statement.all(...params) as Row[];
      return { rows, affected: rows.length };
    }
    return { rows: [], affected: statement.run(...params).changes };
  }
}

function driverCode(error: unknown): unknown {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.driverError?.code ?? e?.code;
}

/** A unique index or primary key refused the write (PostgreSQL or SQLite, raw or through TypeORM). */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A foreign key refused the write. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
