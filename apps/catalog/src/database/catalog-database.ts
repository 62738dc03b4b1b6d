import { Injectable } from '@nestjs/common';
import { dialectOf, InjectDataSource, transaction, type Dialect } from '@simvault/db';
import { DataSource, type EntityManager } from 'typeorm';
import { CATALOG_DB } from '../tokens';

/** Placeholders for one raw statement, numbered as the driver wants them. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  /** Adds a value and answers its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.param(this.values.length);
  }
}

export { isForeignKeyViolation, isUniqueViolation } from '@simvault/db';

/**
 * The catalog database. Every change goes through `write`, one transaction each (libs/db's
 * `transaction`: on SQLite, where every query of the app shares one connection, transactions take
 * turns, which costs nothing SQLite does not already impose: one writer at a time).
 */
@Injectable()
export class CatalogDatabase {
  readonly dialect: Dialect;

  constructor(@InjectDataSource(CATALOG_DB) readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  get pg(): boolean {
    return this.dialect.pg;
  }

  params(): Params {
    return new Params(this.dialect);
  }

  query<T = Record<string, unknown>>(sql: string, params: Params | unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params instanceof Params ? params.values : params);
  }

  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return transaction(this.dataSource, work);
  }

  /** A timestamp as this driver binds it. */
  date(value: Date | null): unknown {
    return this.dialect.date(value);
  }

  readDate(value: unknown): Date | null {
    return this.dialect.readDate(value);
  }
}
