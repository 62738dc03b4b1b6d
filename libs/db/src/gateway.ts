import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { dialectOf, type Dialect } from './dialect';
import { numberedPlaceholders, pgPool, SqliteStatements, type PgClient, type Row } from './raw-sql';

/**
 * The one way to a database (docs/architecture.md, "The database gateway"). Every statement of an
 * app, its own plain SQL and TypeORM's (repositories, query builders, `dataSource.query`, migrations),
 * passes through the gateway of its DataSource:
 *
 * - SQL is written once with `?` placeholders (numbered `$n` on PostgreSQL); values are bound the
 *   same way on both drivers (a Date as the column stores it, a boolean as 0/1 on SQLite, undefined
 *   as NULL).
 * - `transaction(work)` is the one transaction API. A statement run inside its async scope, through
 *   the `tx` handed to `work`, through the gateway itself or through TypeORM, is part of it.
 * - On SQLite (one connection, shared by every request) one rule: a statement never interleaves with
 *   an open transaction. While one is open, statements from outside its scope wait until it ends,
 *   and transactions take turns (one writer at a time). TypeORM's query runner is hooked so that its
 *   statements and the transactions it opens by itself (`save()`) obey the same gate.
 */

/** What a transaction (and the gateway itself) runs. */
export interface Statements {
  /** A query's rows (or a write's RETURNING rows). */
  query<T = Row>(sql: string, params?: unknown[], options?: StatementOptions): Promise<T[]>;
  /** A write's count of changed rows. */
  execute(sql: string, params?: unknown[], options?: StatementOptions): Promise<number>;
  /** The first row, or undefined. */
  one<T = Row>(sql: string, params?: unknown[], options?: StatementOptions): Promise<T | undefined>;
  /** Both: the rows (a query's, or a write's RETURNING rows) and the count of changed rows. */
  run(
    sql: string,
    params?: unknown[],
    options?: StatementOptions,
  ): Promise<{ rows: Row[]; affected: number }>;
}

export interface StatementOptions {
  /**
   * PostgreSQL: run as a named prepared statement (parsed and planned once per pooled connection).
   * For the hot statements whose text is fixed; never for text built from a variable list.
   */
  prepare?: boolean;
}

/** One transaction: its statements, and a TypeORM EntityManager bound to it. */
export interface Tx extends Statements {
  readonly manager: EntityManager;
}

/** Who holds SQLite's one connection between statements: an open transaction's claim, or nobody. */
class SqliteGate {
  readonly scope = new AsyncLocalStorage<object>();
  held: object | null = null;
  private waiters: (() => void)[] = [];

  /** May a statement run now, from the current async scope? */
  allows(): boolean {
    return this.held === null || this.scope.getStore() === this.held;
  }

  owns(): boolean {
    return this.held !== null && this.scope.getStore() === this.held;
  }

  /** Settles at the next release. */
  released(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async acquire(claim: object): Promise<void> {
    while (this.held !== null) await this.released();
    this.held = claim;
  }

  release(claim: object): void {
    if (this.held !== claim) return;
    this.held = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

const gateways = new WeakMap<DataSource, DatabaseGateway>();

/** The gateway of an initialized DataSource (installed on first use; `openDatabase` installs it). */
export function gatewayOf(dataSource: DataSource): DatabaseGateway {
  let gateway = gateways.get(dataSource);
  if (!gateway) {
    gateway = new DatabaseGateway(dataSource);
    gateways.set(dataSource, gateway);
  }
  gateway.install();
  return gateway;
}

interface PgTxScope {
  client: PgClient;
  tx: Tx;
}

type SqliteRunner = QueryRunner & { transactionDepth: number; isReleased: boolean };

export class DatabaseGateway implements Statements {
  readonly pg: boolean;
  readonly dialect: Dialect;
  private readonly gate = new SqliteGate();
  private readonly sqlite?: SqliteStatements;
  private readonly pgScope = new AsyncLocalStorage<PgTxScope>();
  private readonly named = new Map<string, { name: string; text: string }>();
  private hookedRunner?: QueryRunner;

  constructor(readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
    this.pg = this.dialect.pg;
    if (!this.pg) this.sqlite = new SqliteStatements(dataSource, 1000);
  }

  // ---- statements ------------------------------------------------------------------------------

  async query<T = Row>(sql: string, params: unknown[] = [], options?: StatementOptions): Promise<T[]> {
    return (await this.run(sql, params, options)).rows as T[];
  }

  async execute(sql: string, params: unknown[] = [], options?: StatementOptions): Promise<number> {
    return (await this.run(sql, params, options)).affected;
  }

  async one<T = Row>(
    sql: string,
    params: unknown[] = [],
    options?: StatementOptions,
  ): Promise<T | undefined> {
    return (await this.query<T>(sql, params, options))[0];
  }

  /** A Date as a bind value of this backend (the gateway binds Dates itself; raw TypeORM does not). */
  date(value: Date | null): unknown {
    return this.dialect.date(value);
  }

  /** A timestamp column read back from a row. */
  readDate(value: unknown): Date | null {
    return this.dialect.readDate(value);
  }

  /** Is the current async scope inside a transaction of this database? */
  get inTransaction(): boolean {
    return this.pg ? this.pgScope.getStore() !== undefined : this.gate.owns();
  }

  async run(
    sql: string,
    params: unknown[] = [],
    options?: StatementOptions,
  ): Promise<{ rows: Row[]; affected: number }> {
    if (this.pg) {
      const scope = this.pgScope.getStore();
      if (scope) return this.pgRun(scope.client, sql, params, options);
      const client = await pgPool(this.dataSource).connect();
      try {
        return await this.pgRun(client, sql, params, options);
      } finally {
        client.release();
      }
    }
    while (!this.gate.allows()) await this.gate.released();
    // TypeORM's logger sees every statement, whichever way it came (logging: false makes it free).
    this.dataSource.logger.logQuery(sql, params);
    // From the check to the statement's end, nothing else runs: better-sqlite3 is synchronous.
    return this.sqlite!.run(
      sql,
      params.map((p) => this.sqliteValue(p)),
    );
  }

  private async pgRun(
    client: PgClient,
    sql: string,
    params: unknown[],
    options?: StatementOptions,
  ): Promise<{ rows: Row[]; affected: number }> {
    const values = params.map((p) => (p === undefined ? null : p));
    this.dataSource.logger.logQuery(sql, values);
    const result = await client.query(
      options?.prepare
        ? { ...this.namedStatement(sql), values }
        : { text: numberedPlaceholders(sql), values },
    );
    return { rows: result.rows, affected: result.rowCount ?? 0 };
  }

  private namedStatement(sql: string): { name: string; text: string } {
    let statement = this.named.get(sql);
    if (!statement) {
      const text = numberedPlaceholders(sql);
      // Named by content: every process on the same database agrees on what a name means.
      statement = { name: `g_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text };
      this.named.set(sql, statement);
    }
    return statement;
  }

  private sqliteValue(value: unknown): unknown {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return this.dialect.date(value);
    return value;
  }

  // ---- transactions ----------------------------------------------------------------------------

  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Begun
   * inside another transaction's scope, it joins that one. On SQLite it waits its turn for the one
   * connection (BEGIN IMMEDIATE: the write lock is taken up front, so another process writing the
   * file makes it wait at BEGIN, never fail halfway).
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.pg) {
      const scope = this.pgScope.getStore();
      if (scope) return work(scope.tx);
      return this.pgTransaction(work);
    }
    const tx = this.sqliteTx();
    if (this.gate.owns()) return work(tx);
    const claim = {};
    return this.gate.scope.run(claim, async () => {
      if (this.gate.held === null) this.gate.held = claim;
      else await this.gate.acquire(claim);
      // BEGIN and COMMIT on the connection itself (TypeORM's would cost a few awaits each), with
      // TypeORM's runner told a transaction is open: a save() inside adds no BEGIN of its own, a
      // nested manager.transaction() is a savepoint.
      const runner = this.runner();
      const db = this.sqlite!.connection;
      try {
        db.exec('BEGIN IMMEDIATE');
        Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
        try {
          const result = await work(tx);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        } finally {
          Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
        }
      } finally {
        this.gate.release(claim);
      }
    });
  }

  private sqliteTx(): Tx {
    return {
      query: (sql, params, options) => this.query(sql, params, options),
      execute: (sql, params, options) => this.execute(sql, params, options),
      one: (sql, params, options) => this.one(sql, params, options),
      run: (sql, params, options) => this.run(sql, params, options),
      manager: this.dataSource.manager,
    };
  }

  private async pgTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await pgPool(this.dataSource).connect();
    let broken: Error | undefined;
    let runner: (QueryRunner & { databaseConnection?: unknown; transactionDepth: number }) | undefined;
    const tx: Tx = {
      query: async <R>(sql: string, params: unknown[] = [], options?: StatementOptions) =>
        (await this.pgRun(client, sql, params, options)).rows as R[],
      execute: async (sql, params = [], options) => (await this.pgRun(client, sql, params, options)).affected,
      one: async <R>(sql: string, params: unknown[] = [], options?: StatementOptions) =>
        (await this.pgRun(client, sql, params, options)).rows[0] as R | undefined,
      run: (sql, params = [], options) => this.pgRun(client, sql, params, options),
      get manager(): EntityManager {
        // A TypeORM query runner on this transaction's connection, made when first asked for: its
        // saves see the transaction open (no BEGIN of their own); a nested one is a savepoint.
        if (!runner) {
          runner = ds.createQueryRunner() as typeof runner & object;
          Object.assign(runner, {
            databaseConnection: client,
            isTransactionActive: true,
            transactionDepth: 1,
          });
        }
        return runner.manager;
      },
    };
    const ds = this.dataSource;
    try {
      await client.query({ text: 'BEGIN' });
      try {
        const result = await this.pgScope.run({ client, tx }, () => work(tx));
        await client.query({ text: 'COMMIT' });
        return result;
      } catch (error) {
        await client.query({ text: 'ROLLBACK' }).catch((e: Error) => (broken = e));
        throw error;
      }
    } finally {
      if (runner)
        Object.assign(runner, { isTransactionActive: false, transactionDepth: 0, isReleased: true });
      client.release(broken);
    }
  }

  // ---- TypeORM through the gate ----------------------------------------------------------------

  /** SQLite's one TypeORM query runner (the driver hands out the same one to every caller). */
  private runner(): SqliteRunner {
    return this.dataSource.createQueryRunner() as SqliteRunner;
  }

  /**
   * Routes TypeORM through the gateway: `dataSource.transaction()` (and `manager.transaction()`)
   * become `transaction()`; on SQLite the shared query runner's statements wait at the gate, and a
   * transaction TypeORM opens by itself (a `save()`, a migration) takes the gate first.
   */
  install(): void {
    if (!this.dataSource.isInitialized) return;
    const manager = this.dataSource.manager as EntityManager & { __gateway?: true };
    if (!manager.__gateway) {
      manager.__gateway = true;
      manager.transaction = ((a: unknown, b?: unknown) => {
        const work = (typeof a === 'function' ? a : b) as (m: EntityManager) => Promise<unknown>;
        return this.transaction((tx) => work(tx.manager));
      }) as EntityManager['transaction'];
    }
    if (this.pg) return;
    const runner = this.runner();
    if (this.hookedRunner === runner) return;
    this.hookedRunner = runner;
    this.hookRunner(runner);
  }

  private hookRunner(runner: SqliteRunner): void {
    const gate = this.gate;
    const statements = this.sqlite!;
    // TypeORM's own query(), without its awaits between the gate and the statement (an await there
    // would let a transaction begin in between), and BEGIN as BEGIN IMMEDIATE.
    const logger = this.dataSource.logger;
    const query = async (sql: string, parameters: unknown[] = [], structured = false): Promise<unknown> => {
      if (runner.isReleased) throw new Error('The SQLite query runner was released.');
      logger.logQuery(sql, parameters, runner);
      while (!gate.allows()) await gate.released();
      const text = sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE' : sql;
      const params = parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
      try {
        const statement = statements.prepare(text);
        if (statement.reader) {
          const rows = statement.all(...params);
          return structured ? { records: rows, raw: rows, affected: undefined } : rows;
        }
        const done = statement.run(...params) as { changes: number; lastInsertRowid: number | bigint };
        return structured
          ? { records: [], raw: done.lastInsertRowid, affected: done.changes }
          : done.lastInsertRowid;
      } catch (error) {
        throw new QueryFailedError(text, params, error as Error);
      }
    };
    runner.query = query as SqliteRunner['query'];
    const start = runner.startTransaction.bind(runner);
    runner.startTransaction = (isolation) => {
      if (gate.owns()) return start(isolation);
      // A transaction TypeORM opens by itself (save(), migrations): it takes the gate for the
      // caller's async scope, which lasts until its commit or rollback.
      const claim = {};
      gate.scope.enterWith(claim);
      return gate.acquire(claim).then(() =>
        start(isolation).catch((error: unknown) => {
          gate.release(claim);
          throw error;
        }),
      );
    };
    for (const name of ['commitTransaction', 'rollbackTransaction'] as const) {
      const end = runner[name].bind(runner);
      runner[name] = async () => {
        const claim = gate.scope.getStore();
        try {
          await end();
        } finally {
          if (runner.transactionDepth === 0 && claim) gate.release(claim);
        }
      };
    }
  }
}

/**
 * Group commit: small writes that arrive while a commit runs are committed together in the next
 * transaction, and each caller is answered only once its own write has committed. Under load a
 * commit (an fsync on SQLite, a round trip on PostgreSQL) is shared by every write that waited for
 * it. A commit begins in the turn of the event loop after the write that starts it, so the writes
 * read from sockets in the same turn share it too (on SQLite a commit never yields to the event
 * loop, so nothing else would); alone, a write waits that one turn. `commit` runs one batch inside one transaction and answers one
 * result per item, in order. Should a batch of several fail, each of its items is retried in a
 * transaction of its own, so one bad write is answered with its own error and the others land.
 */
export class GroupCommit<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly gateway: DatabaseGateway,
    private readonly commit: (tx: Tx, items: T[]) => Promise<R[]>,
    private readonly maxBatch = 200,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const results = await this.gateway.transaction((tx) =>
            this.commit(
              tx,
              batch.map((b) => b.item),
            ),
          );
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          else
            for (const b of batch) {
              await this.gateway
                .transaction((tx) => this.commit(tx, [b.item]))
                .then((results) => b.resolve(results[0]), b.reject);
            }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
