import type { DataSource, EntityManager } from 'typeorm';

const tails = new WeakMap<DataSource, Promise<void>>();

/**
 * `dataSource.transaction(fn)`, safe under concurrency on both drivers. PostgreSQL gives each
 * transaction its own pooled connection. SQLite has one connection and TypeORM one query runner
 * for it, so two overlapping transactions would nest as savepoints of each other (one's COMMIT
 * taking the other's half-done work with it): there, transactions queue and run one at a time.
 */
export async function transaction<T>(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (dataSource.options.type === 'postgres') return dataSource.transaction(fn);
  const previous = tails.get(dataSource) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  tails.set(
    dataSource,
    previous.then(() => mine),
  );
  await previous;
  try {
    return await dataSource.transaction(fn);
  } finally {
    release();
  }
}
