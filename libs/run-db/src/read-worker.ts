/**
 * The worker thread that reads a run file for `readRunFileInWorker`: it checks and reads the file
 * (readRunFile) and posts what it found, or the refusal, back to the thread that asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RunFileError } from './errors';
import { readRunFile } from './read-run-file';

const { path } = workerData as { path: string };
try {
  parentPort!.postMessage({ contents: readRunFile(path) });
} catch (error) {
  parentPort!.postMessage({
    error: {
      problem: error instanceof RunFileError ? error.problem : undefined,
      message: error instanceof Error ? error.message : String(error),
    },
  });
}
