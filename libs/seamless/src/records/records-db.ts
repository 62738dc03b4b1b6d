import { backendOf, type Backend } from '@simvault/db';
import type { DataSource } from 'typeorm';

/** The parts of a better-sqlite3 connection used here (the driver's own, behind TypeORM). */
interface SqliteDatabase {
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  transaction<T>(fn: () => T): { immediate(): T };
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
 * read costs no promise per statement); PostgreSQL runs it on a pooled connection, awaiting each.
 */
export type Work<T> = Generator<Query, T, Row[]>;

/** Runs one statement inside a Work: `const rows = yield* sql('SELECT …', [a])`. */
export function* sql(text: string, params: unknown[] = []): Generator<Query, Row[], Row[]> {
  return yield { sql: text, params };
}

export interface RecordsDatabase {
  readonly backend: Backend;
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
  readonly backend = 'sqlite' as const;
  private connection?: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly dataSource: DataSource) {}

  async read<T>(work: () => Work<T>): Promise<T> {
    return this.drive(work());
  }

  async write<T>(work: () => Work<T>): Promise<T> {
    const db = this.db();
    // Another part of the app may hold a TypeORM transaction open on this same connection across
    // awaits; ours would become a savepoint inside it and share its fate. Wait for it to end.
    while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    return db.transaction(() => this.drive(work())).immediate();
  }

  private db(): SqliteDatabase {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase })
      .databaseConnection;
    if (db !== this.connection) {
      this.connection = db;
      this.statements.clear();
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

class PostgresRecordsDatabase implements RecordsDatabase {
  readonly backend = 'postgres' as const;
  private readonly texts = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  async read<T>(work: () => Work<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await this.drive(runner, work());
    } finally {
      await runner.release();
    }
  }

  async write<T>(work: () => Work<T>, lockKey?: string): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      if (lockKey !== undefined) {
        await runner.query('SELECT pg_advisory_xact_lock($1, $2)', [
          LOCK_CLASS,
          parseInt(lockKey.slice(0, 8), 16) | 0,
        ]);
      }
      const result = await this.drive(runner, work());
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async drive<T>(
    runner: { query(sql: string, params: unknown[], structured: true): Promise<{ records: unknown[] }> },
    work: Work<T>,
  ): Promise<T> {
    let step = work.next();
    while (!step.done) {
      const result = await runner.query(this.text(step.value.sql), step.value.params, true);
      step = work.next((result.records ?? []) as Row[]);
    }
    return step.value;
  }

  private text(sqlite: string): string {
    let text = this.texts.get(sqlite);
    if (text === undefined) {
      let n = 0;
      text = sqlite.replace(/\?/g, () => `$${++n}`);
      this.texts.set(sqlite, text);
    }
    return text;
  }
}
