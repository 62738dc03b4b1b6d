import { Injectable } from '@nestjs/common';
import { gatewayOf, InjectDataSource, type DatabaseGateway, type Dialect, type Row } from '@simvault/db';
import type { DataSource } from 'typeorm';
import { FILES_DB } from '../tokens';

export { isForeignKeyViolation, isUniqueViolation, type Row } from '@simvault/db';

/** The statements a transaction runs: rows for a query, the affected count for a write. */
export interface Tx {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  execute(sql: string, params?: unknown[]): Promise<number>;
}

/**
 * The files database as this app uses it: the database gateway of libs/db (gateway.ts: `?`
 * placeholders on both backends, one transaction API, and on SQLite no statement interleaving with
 * an open transaction), under the names this app's repositories call.
 */
@Injectable()
export class FilesDb implements Tx {
  readonly dialect: Dialect;
  readonly pg: boolean;
  private readonly db: DatabaseGateway;

  constructor(@InjectDataSource(FILES_DB) readonly dataSource: DataSource) {
    this.db = gatewayOf(dataSource);
    this.dialect = this.db.dialect;
    this.pg = this.db.pg;
  }

  query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query<T>(sql, params);
  }

  execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.db.execute(sql, params);
  }

  one<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return this.db.one<T>(sql, params);
  }

  /** Runs `work` in one transaction: all its statements commit together, or none on an error. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** A Date as a bind value of this backend. */
  date(value: Date): unknown {
    return this.dialect.date(value);
  }
}
