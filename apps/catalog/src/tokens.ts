/** The catalog app's own database (DataSource name). */
export const CATALOG_DB = 'catalog';

/** Where reported installations' tools are processed (registered or queued for an admin). */
export const SYNC_QUEUE = 'catalog-sync';
