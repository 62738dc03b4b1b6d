/** The files app's own database (DataSource name). */
export const FILES_DB = 'files';

/** Folders nest at most this deep (a top-level entry is at depth 1): exports become paths on disk. */
export const MAX_DEPTH = 64;

/** A batch names at most this many entries. */
export const MAX_BATCH = 1000;
