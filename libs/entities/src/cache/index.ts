import { CacheCounterEntity } from './cache-counter.entity';
import { CacheEntryEntity } from './cache-entry.entity';
import { CacheInvalidationEntity } from './cache-invalidation.entity';
import { TransformationCodeEntity } from './transformation-code.entity';
import { CacheInitial1763800000000 } from './migrations/1763800000000-cache-initial';
import { CacheOwner1796000000002 } from './migrations/1796000000002-cache-owner';
import { CacheLruIndex1796100000016 } from './migrations/1796100000016-cache-lru-index';
import { CacheExecutionIndex1796200000020 } from './migrations/1796200000020-cache-execution-index';
import { CacheAuditOutbox1796300000030 } from './migrations/1796300000030-cache-audit-outbox';
import { TransformationCode1797000000021 } from './migrations/1797000000021-transformation-code';

export { CacheCounterEntity, CacheEntryEntity, CacheInvalidationEntity, TransformationCodeEntity };
export { MAX_CACHE_KEY_LENGTH, type CacheStatus } from './cache-entry.entity';

/**
 * The result-cache bounded context: entries, the invalidation log, request counters, and the code
 * of each transformation buffer (not a seamless-database table, so it lives here).
 */
export const CACHE_ENTITIES = [
  CacheEntryEntity,
  CacheInvalidationEntity,
  CacheCounterEntity,
  TransformationCodeEntity,
];
export const CACHE_MIGRATIONS = [
  CacheInitial1763800000000,
  CacheOwner1796000000002,
  CacheLruIndex1796100000016,
  CacheExecutionIndex1796200000020,
  CacheAuditOutbox1796300000030,
  TransformationCode1797000000021,
];
export const CACHE_MIGRATIONS_TABLE = 'migrations_cache';

export const CACHE_SCHEMA = {
  entities: CACHE_ENTITIES,
  migrations: CACHE_MIGRATIONS,
  migrationsTableName: CACHE_MIGRATIONS_TABLE,
};
