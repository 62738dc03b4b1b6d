import type { DataSource } from 'typeorm';

/**
 * The pieces the apps' hot paths use to run plain SQL under TypeORM's DataSource, on the drivers
 * themselves: better-sqlite3's one connection (synchronous statements, prepared once) and pg's pool
 * (a connection per transaction, no per-query wrapping). SQL is written once with `?` placeholders.
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
  transaction<F extends (...args: never[]) => unknown>(fn: F): F & { immediate: F };
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
 * Runs `work` in one transaction on a connection of the pool: committed when it resolves, rolled
 * back when it throws (a connection whose rollback failed is discarded, not reused).
 */
export async function inPgTransaction<T>(
  dataSource: DataSource,
  work: (client: PgClient) => Promise<T>,
): Promise<T> {
  const client = await pgPool(dataSource).connect();
  let broken: Error | undefined;
  try {
    await client.query({ text: 'BEGIN' });
    try {
      const result = await work(client);
      await client.query({ text: 'COMMIT' });
      return result;
    } catch (error) {
      await client.query({ text: 'ROLLBACK' }).catch((e: Error) => (broken = e));
      throw error;
    }
  } finally {
    client.release(broken);
  }
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

  /**
   * Resolves once no TypeORM transaction is open on the shared connection (migrations at start-up
   * hold one across awaits): a transaction begun inside it would be a savepoint sharing its fate.
   */
  async idle(): Promise<SqliteConnection> {
    const db = this.connection;
    while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    return db;
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
