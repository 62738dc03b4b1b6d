import type { DataSource, EntityManager } from 'typeorm';
import { gatewayOf } from './gateway';

/**
 * `dataSource.transaction(fn)` through the database gateway (gateway.ts): safe under concurrency on
 * both drivers, and on SQLite no statement from outside `fn` interleaves with it.
 */
export function transaction<T>(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return gatewayOf(dataSource).transaction((tx) => fn(tx.manager));
}
