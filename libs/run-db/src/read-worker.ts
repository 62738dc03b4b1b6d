/**
 * The worker thread that reads a run file for `readRunFileInWorker` and `readRunViewInWorker`: it
 * checks and reads the file (readRunFile), or reads one view of a file the platform already holds
 * (its metric names, one metric's series, a page of its logs), and posts what it found, or the
 * refusal, back to the thread that asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RunFileError } from './errors';
import { readRunFile } from './read-run-file';
import type { RunIdentity, RunView } from './read-worker-client';
import { RunDatabase } from './run-database';
import { readLogPage, readMetricSeries } from './run-series';

/**
 * What each run file's run_metadata row says (one row each, no counts, no values). A file that
 * cannot be read is left out: registering it fails on its own.
 */
function readIdentities(paths: string[]): RunIdentity[] {
  const found: RunIdentity[] = [];
  for (const path of paths) {
    try {
      const run = RunDatabase.open(path, { readonly: true });
      try {
        const meta = run.getMetadata();
        if (!meta) continue;
        const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
        found.push({
          simulation_name: String(meta.simulation_name),
          simulation_version: String(meta.simulation_version),
          execution_id: String(meta.execution_id),
          squid_id: text(meta.squid_id),
          status: String(meta.status),
          duration_seconds: meta.duration_seconds == null ? null : Number(meta.duration_seconds),
          completed_at: text(meta.completed_at),
        });
      } finally {
        run.close();
      }
    } catch {
      // Not a run file: its registration says why.
    }
  }
  return found;
}

function readView(path: string, view: RunView): unknown {
  if (view.kind === 'simulations') return readIdentities(view.paths);
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
