/** The files app's own database (DataSource name). */
export const FILES_DB = 'files';

/**
 * The event the results service adds one job to per registered run file:
 * `{execution_id, simulation_name, simulation_version, run_file, checksum}` (apps/results, tokens.ts;
 * apps never import each other, so the name is repeated here).
 */
export const RUN_REGISTERED_QUEUE = 'run-registered';

/** Folders nest at most this deep (a top-level entry is at depth 1): exports become paths on disk. */
export const MAX_DEPTH = 64;

/** A batch names at most this many entries. */
export const MAX_BATCH = 1000;
