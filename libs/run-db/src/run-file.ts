import { copyFile, open as openFile, rm, stat } from 'node:fs/promises';
import { backupSqlite } from '@simvault/db';
import Database from 'better-sqlite3';
import { RunFileError, sqliteProblem } from './errors';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Checks that `path` is a regular file of at most `maxBytes` that starts like a SQLite database. */
export async function checkRunFile(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<{ sizeBytes: number }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new RunFileError('not_found', `No file at ${path}.`);
    throw new RunFileError('unreadable', `${path} cannot be read: ${(error as Error).message}.`);
  }
  if (!info.isFile()) throw new RunFileError('not_a_file', `${path} is not a regular file.`);
  if (options.maxBytes !== undefined && info.size > options.maxBytes) {
    throw new RunFileError(
      'too_large',
      `${path} is ${info.size} bytes, more than the ${options.maxBytes} bytes a run file may have.`,
    );
  }
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const handle = await openFile(path, 'r');
  try {
    await handle.read(header, 0, header.length, 0);
  } finally {
    await handle.close();
  }
  if (!header.equals(SQLITE_HEADER)) {
    throw new RunFileError(
      'not_sqlite',
      `${path} is not a SQLite database (it does not start with the SQLite header).`,
    );
  }
  return { sizeBytes: info.size };
}

/**
 * A consistent copy of a run database that may still be open elsewhere: SQLite's online backup
 * reads a snapshot that includes what is still in the writer's WAL. When the source cannot be
 * opened that way (a read-only directory without the WAL's shared-memory file), the bytes are
 * copied instead. The copy is then made self-contained (rollback journal, no -wal/-shm).
 */
export async function snapshotRunFile(source: string, destination: string): Promise<void> {
  try {
    await backupSqlite(source, destination);
  } catch (error) {
    const problem = sqliteProblem(error, source);
    if (problem instanceof RunFileError && problem.problem !== 'unreadable') throw problem;
    await rm(destination, { force: true });
    await copyFile(source, destination);
  }
  makeSelfContained(destination);
}

/** Rewrites a database file to rollback-journal mode, so the file alone holds all of it. */
export function makeSelfContained(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('trusted_schema = OFF');
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    throw sqliteProblem(error, path);
  } finally {
    db?.close();
  }
}

export { readRunFile, type RunFileContents } from './read-run-file';
