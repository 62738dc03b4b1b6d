import { Injectable } from '@nestjs/common';
import { dialectOf, InjectDataSource, type Dialect } from '@simvault/db';
import type { DataSource } from 'typeorm';
import { FILES_DB } from '../tokens';

export type Row = Record<string, unknown>;

/** The statements a transaction runs: rows for a query, the affected count for a write. */
export interface Tx {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  execute(sql: string, params?: unknown[]): Promise<number>;
}

interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
}

const STATEMENT_CACHE = 200;

/**
 * The files database as this app uses it: plain SQL written once with `?` placeholders. On
 * PostgreSQL a transaction runs on a pooled connection of its own. On SQLite there is one connection
 * for the whole app, so a transaction holds it: every other statement of the app waits until it
 * commits, and nothing interleaves with it across its awaits (as statements would on TypeORM's
 * shared query runner). Transactions there are BEGIN IMMEDIATE: the write lock is taken up front.
 */
@Injectable()
export class FilesDb implements Tx {
  readonly dialect: Dialect;
  readonly pg: boolean;
  private readonly statements = new Map<string, SqliteStatement>();
  private connection?: SqliteConnection;
  /** Settles when the running SQLite transaction ends. */
  private busy: Promise<void> | null = null;

  constructor(@InjectDataSource(FILES_DB) readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
    this.pg = this.dialect.pg;
  }

  async query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.pg) return (await this.pgRun(undefined, sql, params)).rows as T[];
    while (this.busy) await this.busy;
    return this.sqliteRun(sql, params).rows as T[];
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    if (this.pg) return (await this.pgRun(undefined, sql, params)).affected;
    while (this.busy) await this.busy;
    return this.sqliteRun(sql, params).affected;
  }

  async one<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }

  /** Runs `work` in one transaction: all its statements commit together, or none on an error. */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.pg ? this.pgTransaction(work) : this.sqliteTransaction(work);
  }

  /** A Date as a bind value of this backend. */
  date(value: Date): unknown {
    return this.dialect.date(value);
  }

  private async sqliteTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    while (this.busy) await this.busy;
    let release!: () => void;
    this.busy = new Promise<void>((resolve) => (release = resolve));
    try {
      const db = this.sqlite();
      // A TypeORM transaction (migrations at start-up) may be open on the shared connection.
      while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
      db.exec('BEGIN IMMEDIATE');
      const tx: Tx = {
        query: async <R>(sql: string, params: unknown[] = []) => this.sqliteRun(sql, params).rows as R[],
        execute: async (sql: string, params: unknown[] = []) => this.sqliteRun(sql, params).affected,
      };
      try {
        const result = await work(tx);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.busy = null;
      release();
    }
  }

  private async pgTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const result = await work({
          query: async <R>(sql: string, params: unknown[] = []) =>
            (await this.pgRun(runner, sql, params)).rows as R[],
          execute: async (sql: string, params: unknown[] = []) =>
            (await this.pgRun(runner, sql, params)).affected,
        });
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  private async pgRun(
    runner: ReturnType<DataSource['createQueryRunner']> | undefined,
    sql: string,
    params: unknown[],
  ): Promise<{ rows: Row[]; affected: number }> {
    const own = runner ?? this.dataSource.createQueryRunner();
    try {
      const result = await own.query(numbered(sql), params.map(pgValue), true);
      return { rows: (result.records ?? []) as Row[], affected: result.affected ?? 0 };
    } finally {
      if (!runner) await own.release();
    }
  }

  private sqliteRun(sql: string, params: unknown[]): { rows: Row[]; affected: number } {
    const statement = this.prepare(sql);
    const values = params.map((p) => this.sqliteValue(p));
    if (statement.reader) {
      const rows = statement.all(...values) as Row[];
      return { rows, affected: rows.length };
    }
    return { rows: [], affected: statement.run(...values).changes };
  }

  private sqliteValue(value: unknown): unknown {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return this.dialect.date(value);
    return value;
  }

  private sqlite(): SqliteConnection {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
    if (db !== this.connection) {
      this.connection = db;
      this.statements.clear();
    }
    return db;
  }

  private prepare(sql: string): SqliteStatement {
    const db = this.sqlite();
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.statements.set(sql, statement);
      if (this.statements.size > STATEMENT_CACHE)
        this.statements.delete(this.statements.keys().next().value!);
    }
    return statement;
  }
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the SQL of this app never has `?` in a literal). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function pgValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** A unique index refused the write (a name taken in a folder). */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A foreign key refused the write (a parent deleted meanwhile, or a child added to what is being deleted). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

function codeOf(error: unknown): unknown {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.driverError?.code ?? e?.code;
}
