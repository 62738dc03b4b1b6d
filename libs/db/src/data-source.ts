import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { gatewayOf } from './gateway';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { parseDatabaseUrl, redact, type Backend } from './url';

/** A bounded context's tables: its entities, its migrations and the table that records them. */
export interface DatabaseSchema {
  entities: (new () => unknown)[];
  migrations: (new () => unknown)[];
  migrationsTableName: string;
}

/** Several contexts that share one service database, recorded in one migrations table. */
export function mergeSchemas(migrationsTableName: string, ...schemas: DatabaseSchema[]): DatabaseSchema {
  return {
    entities: schemas.flatMap((s) => s.entities),
    migrations: schemas.flatMap((s) => s.migrations),
    migrationsTableName,
  };
}

export interface DatabaseOptions {
  url: string;
  entities: MixedList<string | (new () => unknown) | EntitySchema>;
  migrations?: MixedList<string | (new () => unknown)>;
  /** Table that records applied migrations; one per bounded context sharing a database. */
  migrationsTableName?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  readonly?: boolean;
}

/**
 * Applied to every SQLite connection: crash-safe WAL, no SQLITE_BUSY on short contention. A
 * read-only connection leaves the journal mode as the file has it (changing it is a write).
 */
export function applySqlitePragmas(db: SqliteDatabase, readonly = false): void {
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

export function backendOf(dataSource: DataSource): Backend {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** A TypeORM DataSource for a `sqlite:` or `postgres://` URL, not yet initialized. */
export function createDataSource(options: DatabaseOptions): DataSource {
  const location = parseDatabaseUrl(options.url);
  const common = {
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsTableName: options.migrationsTableName ?? 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  let config: DataSourceOptions;
  let checkpointer: SqliteCheckpointer | undefined;
  if (location.backend === 'sqlite') {
    if (location.target !== ':memory:' && !options.readonly)
      mkdirSync(dirname(location.target), { recursive: true });
    config = {
      ...common,
      type: 'better-sqlite3',
      database: location.target,
      readonly: options.readonly,
      fileMustExist: options.readonly,
      timeout: 5000,
      statementCacheSize: 200,
      prepareDatabase: (db: SqliteDatabase) => {
        applySqlitePragmas(db, options.readonly);
        if (!options.readonly && location.target !== ':memory:')
          checkpointer = SqliteCheckpointer.start(db, location.target);
      },
    };
  } else {
    config = {
      ...common,
      type: 'postgres',
      url: location.target,
      poolSize: options.poolSize ?? 10,
      // Timestamps are written and read as absolute instants whatever the server's zone.
      extra: { options: '-c timezone=UTC' },
    };
  }
  const dataSource = new DataSource(config);
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await checkpointer?.stop();
    checkpointer = undefined;
    return destroy();
  };
  return dataSource;
}

/**
 * Opens the database and, when asked, brings its schema up to date. On PostgreSQL the migrations
 * run under an advisory lock, so replicas starting together do not race each other.
 */
export async function openDatabase(
  options: DatabaseOptions & { runMigrations: boolean },
): Promise<DataSource> {
  const dataSource = createDataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(
      `Cannot open database ${redact(options.url)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  gatewayOf(dataSource);
  if (options.runMigrations) await migrate(dataSource);
  return dataSource;
}

const MIGRATION_LOCK = 7_152_004_211;

export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (backendOf(dataSource) !== 'postgres') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
