/**
 * The worker thread that reads a run file for `readRunFileInWorker` and `readRunViewInWorker`: it
 * checks and reads the file (readRunFile), or reads one view of a file the platform already holds
 * (its metric names, one metric's series, a page of its logs), and posts what it found, or the
 * refusal, back to the thread that asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RunFileError } from './errors';
import { readRunFile } from './read-run-file';
import type { RunView } from './read-worker-client';
import { RunDatabase } from './run-database';
import { readLogPage, readMetricSeries } from './run-series';

function readView(path: string, view: RunView): unknown {
  const run = RunDatabase.open(path, { readonly: true });
  try {
    if (view.kind === 'metrics') return run.metricNames();
    if (view.kind === 'series') return readMetricSeries(run, view.name, view.maxPoints);
    return readLogPage(run, view.query);
  } finally {
    run.close();
  }
}

const { path, view } = workerData as { path: string; view?: RunView };
try {
  parentPort!.postMessage({ contents: view ? readView(path, view) : readRunFile(path) });
} catch (error) {
  parentPort!.postMessage({
    error: {
      problem: error instanceof RunFileError ? error.problem : undefined,
      message: error instanceof Error ? error.message : String(error),
    },
  });
}
