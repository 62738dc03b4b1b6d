import { createHash } from 'node:crypto';
import {
  backendOf,
  inPgTransaction,
  numberedPlaceholders,
  pgPool,
  SqliteStatements,
  type PgClient,
  type Row,
} from '@simvault/db';
import type { DataSource } from 'typeorm';

export type { Row };

/** One SQL statement, written with `?` placeholders (turned into `$n` on PostgreSQL). */
export interface Query {
  sql: string;
  params: unknown[];
}

/**
 * A unit of work over the records tables, written once for both drivers as a generator that yields
 * its statements and receives their rows. SQLite runs it synchronously inside one transaction on
 * the app's single connection (so no other query on that shared connection can interleave, and a
 * read costs no promise per statement); PostgreSQL runs it on a connection of the DataSource's pool,
 * awaiting each statement.
 */
export type Work<T> = Generator<Query, T, Row[]>;

/** Runs one statement inside a Work: `const rows = yield* sql('SELECT …', [a])`. */
export function* sql(text: string, params: unknown[] = []): Generator<Query, Row[], Row[]> {
  return yield { sql: text, params };
}

export interface RecordsDatabase {
  /** Runs work that only reads (each statement on its own: no transaction). */
  read<T>(work: () => Work<T>): Promise<T>;
  /**
   * Runs work in one transaction, rolled back if it throws. `lockKey` (a checksum) serializes
   * read-modify-write work on the same key across PostgreSQL connections and replicas.
   */
  write<T>(work: () => Work<T>, lockKey?: string): Promise<T>;
}

export function recordsDatabase(dataSource: DataSource): RecordsDatabase {
  return backendOf(dataSource) === 'postgres'
    ? new PostgresRecordsDatabase(dataSource)
    : new SqliteRecordsDatabase(dataSource);
}

class SqliteRecordsDatabase implements RecordsDatabase {
  private readonly sqlite: SqliteStatements;
  private transaction?: { connection: unknown; immediate(work: Work<unknown>): unknown };

  constructor(dataSource: DataSource) {
    // Every statement of the records is prepared once and kept (a few dozen in all).
    this.sqlite = new SqliteStatements(dataSource, 1000);
  }

  async read<T>(work: () => Work<T>): Promise<T> {
    // Not inside another request's open transaction (the SQLite rule of libs/db's gateway).
    await this.sqlite.idle();
    return this.drive(work());
  }

  async write<T>(work: () => Work<T>): Promise<T> {
    const db = await this.sqlite.idle();
    if (this.transaction?.connection !== db) {
      const inOne = db.transaction((w: Work<unknown>) => this.drive(w));
      this.transaction = { connection: db, immediate: (w) => inOne.immediate(w) };
    }
    return this.transaction.immediate(work()) as T;
  }

  private drive<T>(work: Work<T>): T {
    let step = work.next();
    while (!step.done) {
      step = work.next(this.sqlite.run(step.value.sql, step.value.params).rows);
    }
    return step.value;
  }
}

/** Advisory-lock class of the records (the two-key form keeps clear of the migration lock's key). */
const LOCK_CLASS = 0x5ea1;

/**
 * Runs on connections of the DataSource's own pool, as named prepared statements: parsed and
 * planned once per connection instead of on every request (TypeORM's query() cannot name them, and
 * its per-query wrapping cost a third of the lookup rate in bench/seamless).
 */
class PostgresRecordsDatabase implements RecordsDatabase {
  private readonly statements = new Map<string, { name: string; text: string }>();

  constructor(private readonly dataSource: DataSource) {}

  async read<T>(work: () => Work<T>): Promise<T> {
    const client = await pgPool(this.dataSource).connect();
    try {
      return await this.drive(client, work());
    } finally {
      client.release();
    }
  }

  async write<T>(work: () => Work<T>, lockKey?: string): Promise<T> {
    return inPgTransaction(this.dataSource, async (client) => {
      if (lockKey !== undefined) {
        await client.query({
          ...this.statement('SELECT pg_advisory_xact_lock(?, ?)'),
          values: [LOCK_CLASS, parseInt(lockKey.slice(0, 8), 16) | 0],
        });
      }
      return this.drive(client, work());
    });
  }

  private async drive<T>(client: PgClient, work: Work<T>): Promise<T> {
    let step = work.next();
    while (!step.done) {
      const { rows } = await client.query({ ...this.statement(step.value.sql), values: step.value.params });
      step = work.next(rows);
    }
    return step.value;
  }

  private statement(sqlite: string): { name: string; text: string } {
    let statement = this.statements.get(sqlite);
    if (statement === undefined) {
      const text = numberedPlaceholders(sqlite);
      // Named by content: every instance on the same pool agrees on what a name means.
      statement = { name: `records_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
      this.statements.set(sqlite, statement);
    }
    return statement;
  }
}
