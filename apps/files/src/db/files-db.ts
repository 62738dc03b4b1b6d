import { Injectable } from '@nestjs/common';
import {
  dialectOf,
  inPgTransaction,
  InjectDataSource,
  numberedPlaceholders,
  pgPool,
  SqliteStatements,
  type Dialect,
  type PgClient,
  type Row,
} from '@simvault/db';
import type { DataSource } from 'typeorm';
import { FILES_DB } from '../tokens';

export { isForeignKeyViolation, isUniqueViolation, type Row } from '@simvault/db';

/** The statements a transaction runs: rows for a query, the affected count for a write. */
export interface Tx {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  execute(sql: string, params?: unknown[]): Promise<number>;
}

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
  private readonly sqlite: SqliteStatements;
  /** Settles when the running SQLite transaction ends. */
  private busy: Promise<void> | null = null;

  constructor(@InjectDataSource(FILES_DB) readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
    this.pg = this.dialect.pg;
    this.sqlite = new SqliteStatements(dataSource);
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
    if (this.pg) {
      return inPgTransaction(this.dataSource, (client) =>
        work({
          query: async <R>(sql: string, params: unknown[] = []) =>
            (await this.pgRun(client, sql, params)).rows as R[],
          execute: async (sql: string, params: unknown[] = []) =>
            (await this.pgRun(client, sql, params)).affected,
        }),
      );
    }
    return this.sqliteTransaction(work);
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
      const db = await this.sqlite.idle();
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

  /** On `client` (a transaction's), or on a connection of the pool for this one statement. */
  private async pgRun(
    client: PgClient | undefined,
    sql: string,
    params: unknown[],
  ): Promise<{ rows: Row[]; affected: number }> {
    const own = client ?? (await pgPool(this.dataSource).connect());
    try {
      const result = await own.query({
        text: numberedPlaceholders(sql),
        values: params.map((p) => (p === undefined ? null : p)),
      });
      return { rows: result.rows, affected: result.rowCount ?? 0 };
    } finally {
      if (!client) own.release();
    }
  }

  private sqliteRun(sql: string, params: unknown[]): { rows: Row[]; affected: number } {
    return this.sqlite.run(
      sql,
      params.map((p) => this.sqliteValue(p)),
    );
  }

  private sqliteValue(value: unknown): unknown {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return this.dialect.date(value);
    return value;
  }
}
