import { Injectable } from '@nestjs/common';
import { gatewayOf, InjectDataSource, type DatabaseGateway, type Row, type Tx } from '@simvault/db';
import { DataSource } from 'typeorm';
import { CATALOG_DB } from '../tokens';

/** The values of one statement built piece by piece: `add` binds a value and answers its `?`. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return '?';
  }
}

export { isForeignKeyViolation, isUniqueViolation } from '@simvault/db';

/**
 * The catalog database: the database gateway of the catalog's DataSource (libs/db gateway.ts, `?`
 * placeholders on both backends, one transaction API, and on SQLite no statement interleaving with
 * an open transaction), under the name the catalog's services inject.
 */
@Injectable()
export class CatalogDatabase {
  readonly gateway: DatabaseGateway;

  constructor(@InjectDataSource(CATALOG_DB) readonly dataSource: DataSource) {
    this.gateway = gatewayOf(dataSource);
  }

  get pg(): boolean {
    return this.gateway.pg;
  }

  params(): Params {
    return new Params();
  }

  query<T = Row>(sql: string, params: Params | unknown[] = []): Promise<T[]> {
    return this.gateway.query<T>(sql, params instanceof Params ? params.values : params);
  }

  /** One transaction (gateway.transaction): its statements, and `tx.manager` for TypeORM's. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.gateway.transaction(work);
  }

  /** A timestamp column read back from a row. */
  readDate(value: unknown): Date | null {
    return this.gateway.readDate(value);
  }
}
