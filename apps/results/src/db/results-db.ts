import { Injectable } from '@nestjs/common';
import {
  gatewayOf,
  GroupCommit,
  InjectDataSource,
  type DatabaseGateway,
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
 * The results database as this app uses it, on the database gateway of libs/db (gateway.ts: `?`
 * placeholders on both backends, one transaction API, and on SQLite no statement interleaving with
 * an open transaction): reads as statements (`Frag`s), writes as a list of statements that commit
 * together.
 */
@Injectable()
export class ResultsDb {
  readonly dialect: Dialect;
  readonly pg: boolean;
  private readonly db: DatabaseGateway;
  /** Registrations arriving while one commits are committed together (each answered after it). */
  private readonly writes: GroupCommit<Frag[], StatementResult[]>;

  constructor(@InjectDataSource(RESULTS_DB) readonly dataSource: DataSource) {
    this.db = gatewayOf(dataSource);
    this.dialect = this.db.dialect;
    this.pg = this.db.pg;
    this.writes = new GroupCommit(this.db, async (tx, lists) => {
      const answers: StatementResult[][] = [];
      for (const statements of lists) {
        const results: StatementResult[] = [];
        for (const s of statements) results.push(await tx.run(s.sql, s.params));
        answers.push(results);
      }
      return answers;
    });
  }

  /** A Date as a bind value of this backend. */
  date(value: Date | null): unknown {
    return this.dialect.date(value);
  }

  query<T = Row>(statement: Frag): Promise<T[]> {
    return this.db.query<T>(statement.sql, statement.params);
  }

  async one<T = Row>(statement: Frag): Promise<T | undefined> {
    return (await this.query<T>(statement))[0];
  }

  /**
   * Runs the statements in one transaction; answers each one's rows and affected count. Writes that
   * arrive while another commits share the next transaction (libs/db group commit).
   */
  write(statements: Frag[]): Promise<StatementResult[]> {
    return this.writes.submit(statements);
  }
}
