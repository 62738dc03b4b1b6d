import { copyFile, open as openFile, rm, stat } from 'node:fs/promises';
import { backupSqlite } from '@simvault/db';
import Database from 'better-sqlite3';
import { EXECUTION_ID_RULE, isValidExecutionId } from './execution-id';
import { RunFileError, sqliteProblem } from './errors';
import { RunDatabase, type OutputValue, type ParameterValue, type RunSummary } from './run-database';

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
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    throw sqliteProblem(error, path);
  } finally {
    db?.close();
  }
}

export interface RunFileContents {
  summary: RunSummary;
  inputs: Record<string, ParameterValue>;
  outputs: Record<string, OutputValue>;
}

/**
 * Reads what the results service registers from a run database, after checking it: an intact
 * SQLite file (quick_check), with sim2l's tables, holding exactly one initialized run whose
 * execution id is valid. Every refusal is a RunFileError with a sentence.
 */
export function readRunFile(path: string): RunFileContents {
  const run = RunDatabase.open(path, { readonly: true });
  try {
    let problems: string[];
    try {
      problems = run.quickCheck(5);
    } catch (error) {
      throw sqliteProblem(error, path);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new RunFileError('corrupt', `${path} is a corrupt SQLite database: ${problems.join('; ')}.`);
    }
    try {
      const summary = run.getSummary();
      if (!summary) {
        throw new RunFileError(
          'no_run',
          `${path} holds no run: its run_metadata table is empty (initializeRun was never called).`,
        );
      }
      if (!isValidExecutionId(summary.execution_id)) {
        throw new RunFileError(
          'bad_layout',
          `${path} holds a run whose execution id ${JSON.stringify(summary.execution_id)} is not valid: use ${EXECUTION_ID_RULE}.`,
        );
      }
      return { summary, inputs: run.getInputs(), outputs: run.getOutputs() };
    } catch (error) {
      if (error instanceof RunFileError) throw error;
      const problem = sqliteProblem(error, path);
      if (problem instanceof RunFileError) throw problem;
      throw new RunFileError(
        'bad_layout',
        `${path} does not have sim2l's run database layout: ${problem.message}.`,
      );
    }
  } finally {
    run.close();
  }
}
