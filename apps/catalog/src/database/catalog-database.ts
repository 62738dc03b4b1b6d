import { Injectable } from '@nestjs/common';
import { dialectOf, InjectDataSource, type Dialect } from '@simvault/db';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
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

function driverCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { code?: string } | undefined)?.code;
}

export const isUniqueViolation = (error: unknown) =>
  ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(driverCode(error) ?? '');

export const isForeignKeyViolation = (error: unknown) =>
  ['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY'].includes(driverCode(error) ?? '');

/**
 * The catalog database. Every change goes through `write`, one transaction each. On SQLite every
 * query of the app shares one connection, so two interleaved transactions would nest (an error)
 * and a lone statement issued meanwhile would join someone else's transaction; so writes there
 * take turns, which costs nothing SQLite does not already impose (one writer at a time).
 */
@Injectable()
export class CatalogDatabase {
  readonly dialect: Dialect;
  private turn: Promise<unknown> = Promise.resolve();

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
    if (this.dialect.pg) return this.dataSource.transaction(work);
    const run = this.turn.then(() => this.dataSource.transaction(work));
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** A timestamp as this driver binds it. */
  date(value: Date | null): unknown {
    return this.dialect.date(value);
  }

  readDate(value: unknown): Date | null {
    return this.dialect.readDate(value);
  }
}
