import { gatewayOf, type DatabaseGateway, type Row, type Statements } from '@simvault/db';
import type { DataSource } from 'typeorm';

export type { Row };

/** One SQL statement, written with `?` placeholders (the gateway numbers them on PostgreSQL). */
export interface Query {
  sql: string;
  params: unknown[];
}

/**
 * A unit of work over the records tables, written once for both drivers as a generator that yields
 * its statements and receives their rows; the records database runs each statement on the database
 * gateway (libs/db gateway.ts), which keeps SQLite's one rule for it as for every other statement.
 */
export type Work<T> = Generator<Query, T, Row[]>;

/** Runs one statement inside a Work: `const rows = yield* sql('SELECT …', [a])`. */
export function* sql(text: string, params: unknown[] = []): Generator<Query, Row[], Row[]> {
  return yield { sql: text, params };
}

/** Advisory-lock class of the records (the two-key form keeps clear of the migration lock's key). */
const LOCK_CLASS = 0x5ea1;

export class RecordsDatabase {
  private readonly db: DatabaseGateway;

  constructor(dataSource: DataSource) {
    this.db = gatewayOf(dataSource);
  }

  /** Runs work that only reads (each statement on its own: no transaction). */
  read<T>(work: () => Work<T>): Promise<T> {
    return this.drive(this.db, work());
  }

  /**
   * Runs work in one transaction, rolled back if it throws. `lockKey` (a checksum) serializes
   * read-modify-write work on the same key across PostgreSQL connections and replicas (SQLite has
   * one writer at a time already).
   */
  write<T>(work: () => Work<T>, lockKey?: string): Promise<T> {
    return this.db.transaction(async (tx) => {
      if (lockKey !== undefined && this.db.pg)
        await tx.query(
          'SELECT pg_advisory_xact_lock(?, ?)',
          [LOCK_CLASS, parseInt(lockKey.slice(0, 8), 16) | 0],
          {
            prepare: true,
          },
        );
      return this.drive(tx, work());
    });
  }

  /**
   * Every statement of the records has fixed text (a few dozen in all): prepared once per
   * connection on PostgreSQL, instead of parsed and planned on every request.
   */
  private async drive<T>(on: Statements, work: Work<T>): Promise<T> {
    let step = work.next();
    while (!step.done) step = work.next(await on.query(step.value.sql, step.value.params, { prepare: true }));
    return step.value;
  }
}
