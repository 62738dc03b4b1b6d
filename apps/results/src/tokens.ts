/** The results app's own database (DataSource name). */
export const RESULTS_DB = 'results';

/** Where registration jobs run (async registrations and batches). */
export const REGISTRATION_QUEUE = 'results-registration';

/**
 * The event the files service consumes: one job per registered run file,
 * `{execution_id, simulation_name, simulation_version, run_file, checksum}`.
 */
export const RUN_REGISTERED_QUEUE = 'run-registered';
