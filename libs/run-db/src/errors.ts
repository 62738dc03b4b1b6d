/** Why a file cannot be used as a run database. */
export type RunFileProblem =
  | 'not_found'
  | 'not_a_file'
  | 'too_large'
  | 'not_sqlite'
  | 'corrupt'
  | 'missing_tables'
  | 'bad_layout'
  | 'no_run'
  | 'unreadable';

/** A file that is not a usable run database, with a sentence a person can act on. */
export class RunFileError extends Error {
  constructor(
    readonly problem: RunFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'RunFileError';
  }
}

/** Turns a better-sqlite3 error about `path` into a RunFileError (other errors pass through). */
export function sqliteProblem(error: unknown, path: string): Error {
  if (error instanceof RunFileError) return error;
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SQLITE_NOTADB':
      return new RunFileError('not_sqlite', `${path} is not a SQLite database.`);
    case 'SQLITE_CORRUPT':
    case 'SQLITE_CORRUPT_INDEX':
    case 'SQLITE_CORRUPT_SEQUENCE':
    case 'SQLITE_CORRUPT_VTAB':
      return new RunFileError('corrupt', `${path} is a corrupt SQLite database: ${message}.`);
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_IOERR':
    case 'SQLITE_IOERR_SHORT_READ':
      return new RunFileError('unreadable', `${path} cannot be read: ${message}.`);
    default:
      return error instanceof Error ? error : new Error(message);
  }
}
