import { createHash } from 'node:crypto';
import { backendOf } from '@simvault/db';
import type { DataSource } from 'typeorm';

/** The parts of a better-sqlite3 connection used here (the driver's own, behind TypeORM). */
interface SqliteDatabase {
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  transaction<A, T>(fn: (arg: A) => T): { immediate(arg: A): T };
}

interface Statement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

export type Row = Record<string, unknown>;

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
  private connection?: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();
  private transaction?: { immediate(work: Work<unknown>): unknown };

  constructor(private readonly dataSource: DataSource) {}

  async read<T>(work: () => Work<T>): Promise<T> {
    return this.drive(work());
  }

  async write<T>(work: () => Work<T>): Promise<T> {
    const db = this.db();
    // Another part of the app may hold a TypeORM transaction open on this same connection across
    // awaits; ours would become a savepoint inside it and share its fate. Wait for it to end.
    while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    return this.transaction!.immediate(work()) as T;
  }

  private db(): SqliteDatabase {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase })
      .databaseConnection;
    if (db !== this.connection) {
      this.connection = db;
      this.statements.clear();
      this.transaction = db.transaction((work: Work<unknown>) => this.drive(work));
    }
    return db;
  }

  private drive<T>(work: Work<T>): T {
    const db = this.db();
    let step = work.next();
    while (!step.done) {
      const { sql: text, params } = step.value;
      let statement = this.statements.get(text);
      if (!statement) {
        statement = db.prepare(text);
        this.statements.set(text, statement);
      }
      const rows = statement.reader ? (statement.all(...params) as Row[]) : (statement.run(...params), []);
      step = work.next(rows);
    }
    return step.value;
  }
}

/** Advisory-lock class of the records (the two-key form keeps clear of the migration lock's key). */
const LOCK_CLASS = 0x5ea1;

/** The parts of a pg pool and client used here (the pool is TypeORM's own). */
interface PgPool {
  connect(): Promise<PgClient>;
}

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
  release(error?: Error): void;
}

/**
 * Runs on connections of the DataSource's own pool, as named prepared statements: parsed and
 * planned once per connection instead of on every request (TypeORM's query() cannot name them, and
 * its per-query wrapping cost a third of the lookup rate in bench/seamless).
 */
class PostgresRecordsDatabase implements RecordsDatabase {
  private readonly statements = new Map<string, { name: string; text: string }>();

  constructor(private readonly dataSource: DataSource) {}

  async read<T>(work: () => Work<T>): Promise<T> {
    const client = await this.pool().connect();
    try {
      return await this.drive(client, work());
    } finally {
      client.release();
    }
  }

  async write<T>(work: () => Work<T>, lockKey?: string): Promise<T> {
    const client = await this.pool().connect();
    let unusable: Error | undefined;
    try {
      await client.query({ text: 'BEGIN', values: [] });
      try {
        if (lockKey !== undefined) {
          await client.query({
            ...this.statement('SELECT pg_advisory_xact_lock(?, ?)'),
            values: [LOCK_CLASS, parseInt(lockKey.slice(0, 8), 16) | 0],
          });
        }
        const result = await this.drive(client, work());
        await client.query({ text: 'COMMIT', values: [] });
        return result;
      } catch (error) {
        await client.query({ text: 'ROLLBACK', values: [] }).catch((e: Error) => (unusable = e));
        throw error;
      }
    } finally {
      client.release(unusable);
    }
  }

  private pool(): PgPool {
    return (this.dataSource.driver as unknown as { master: PgPool }).master;
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
      let n = 0;
      const text = sqlite.replace(/\?/g, () => `$${++n}`);
      // Named by content: every instance on the same pool agrees on what a name means.
      statement = { name: `records_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
      this.statements.set(sqlite, statement);
    }
    return statement;
  }
}
