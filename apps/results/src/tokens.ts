/** The results app's own database (DataSource name). */
export const RESULTS_DB = 'results';

/** Where registration jobs run (async registrations and batches). */
export const REGISTRATION_QUEUE = 'results-registration';
