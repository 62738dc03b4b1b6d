import { Injectable } from '@nestjs/common';
import {
  dialectOf,
  inPgTransaction,
  InjectDataSource,
  numberedPlaceholders,
  SqliteStatements,
  type Dialect,
  type Row,
} from '@simvault/db';
import type { DataSource } from 'typeorm';
import { RESULTS_DB } from '../tokens';
import type { Frag } from './sql';

export type { Row };

export interface StatementResult {
  rows: Row[];
  affected: number;
}

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
  private readonly sqlite: SqliteStatements;

  constructor(@InjectDataSource(RESULTS_DB) readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
    this.pg = this.dialect.pg;
    this.sqlite = new SqliteStatements(dataSource);
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
    if (this.pg) {
      // Without TypeORM's per-query wrapping: a registration is a few round trips.
      return inPgTransaction(this.dataSource, async (client) => {
        const results: StatementResult[] = [];
        for (const s of statements) {
          const result = await client.query({ text: this.text(s.sql), values: s.params });
          results.push({ rows: result.rows, affected: result.rowCount ?? 0 });
        }
        return results;
      });
    }
    const db = await this.sqlite.idle();
    return db.transaction(() =>
      statements.map((s) =>
        this.sqlite.run(
          s.sql,
          s.params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)),
        ),
      ),
    )();
  }

  /** `?` placeholders as `$1, $2, …` on PostgreSQL. */
  private text(sql: string): string {
    return this.pg ? numberedPlaceholders(sql) : sql;
  }
}
