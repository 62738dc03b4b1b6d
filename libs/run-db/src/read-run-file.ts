import { EXECUTION_ID_RULE, isValidExecutionId } from './execution-id';
import { RunFileError, sqliteProblem } from './errors';
import { RunDatabase, type OutputValue, type ParameterValue, type RunSummary } from './run-database';

// Apart from run-file.ts, which loads @simvault/db (and TypeORM): the worker thread that reads a
// run file (read-worker.ts) loads only this and the run database, and so starts in milliseconds.

export interface RunFileContents {
  summary: RunSummary;
  inputs: Record<string, ParameterValue>;
  outputs: Record<string, OutputValue>;
}

/**
 * Reads what the results service registers from a run database, after checking it: the
 * run-database format's schema (`runSchemaProblem`), an intact SQLite file (quick_check), holding
 * exactly one initialized run whose execution id is valid. Every refusal is a RunFileError with a
 * sentence. It blocks for as long as the file takes to check: `readRunFileInWorker` runs it on a
 * worker thread, with a memory and a time cap.
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
