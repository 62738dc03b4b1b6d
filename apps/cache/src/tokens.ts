/** The cache app's own database (DataSource name). */
export const CACHE_DB = 'cache';

/** Path segments under /cache that are routes, so never keys. */
export const RESERVED_KEYS = ['stats', 'stats/history', 'entries', 'invalidations', 'invalidate', 'explain'];

/** Where the maintenance jobs (expiry sweep, caps) run. */
export const MAINTENANCE_QUEUE = 'cache-maintenance';
