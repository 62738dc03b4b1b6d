import { Injectable } from '@nestjs/common';
import { dialectOf, InjectDataSource, type Dialect } from '@simvault/db';
import type { DataSource } from 'typeorm';
import { RESULTS_DB } from '../tokens';
import type { Frag } from './sql';

export type Row = Record<string, unknown>;

export interface StatementResult {
  rows: Row[];
  affected: number;
}

interface PgPool {
  connect(): Promise<{
    query(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
    release(error?: Error): void;
  }>;
}

interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<T>(fn: () => T): () => T;
}

const STATEMENT_CACHE = 200;

/**
 * The results database as this app uses it: reads as plain SQL written once with `?` placeholders,
 * and writes as a list of statements that commit together. On SQLite a write runs synchronously in
 * one transaction on the app's single connection, so no other request's query can interleave with
 * it (TypeORM's transactions on that shared connection would let them); on PostgreSQL it runs on a
 * pooled connection of its own.
 */
@Injectable()
export class ResultsDb {
  readonly dialect: Dialect;
  readonly pg: boolean;
  private readonly statements = new Map<string, SqliteStatement>();
  private connection?: SqliteConnection;

  constructor(@InjectDataSource(RESULTS_DB) readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
    this.pg = this.dialect.pg;
  }

  /** A Date as a bind value of this backend. */
  date(value: Date | null): unknown {
    return this.dialect.date(value);
  }

  async query<T = Row>(statement: Frag): Promise<T[]> {
    return (await this.dataSource.query(this.text(statement.sql), statement.params)) as T[];
  }

  async one<T = Row>(statement: Frag): Promise<T | undefined> {
    return (await this.query<T>(statement))[0];
  }

  /** Runs the statements in one transaction; answers each one's rows and affected count. */
  async write(statements: Frag[]): Promise<StatementResult[]> {
    return this.pg ? this.writePostgres(statements) : this.writeSqlite(statements);
  }

  private async writeSqlite(statements: Frag[]): Promise<StatementResult[]> {
    const db = this.sqlite();
    // A TypeORM transaction (migrations) may be open on the shared connection across awaits.
    while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    return db.transaction(() =>
      statements.map((s) => {
        const statement = this.prepare(db, s.sql);
        const params = s.params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
        if (statement.reader) {
          const rows = statement.all(...params) as Row[];
          return { rows, affected: rows.length };
        }
        return { rows: [], affected: statement.run(...params).changes };
      }),
    )();
  }

  /** On a connection of TypeORM's own pool, without TypeORM's per-query wrapping: a registration is a few round trips. */
  private async writePostgres(statements: Frag[]): Promise<StatementResult[]> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const results: StatementResult[] = [];
        for (const s of statements) {
          const result = await client.query(this.text(s.sql), s.params);
          results.push({ rows: result.rows, affected: result.rowCount ?? 0 });
        }
        await client.query('COMMIT');
        return results;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw error;
      }
    } finally {
      client.release(broken);
    }
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

  private prepare(db: SqliteConnection, sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.statements.set(sql, statement);
      if (this.statements.size > STATEMENT_CACHE)
        this.statements.delete(this.statements.keys().next().value!);
    }
    return statement;
  }

  /** `?` placeholders as `$1, $2, …` on PostgreSQL. */
  private text(sql: string): string {
    if (!this.pg) return sql;
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  }
}
