import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RunFileError, type RunFileProblem } from './errors';
import type { RunFileContents } from './read-run-file';
import type { MetricSummary } from './run-database';
import type { LogPage, LogQuery, MetricSeries } from './run-series';

export interface RunFileReadLimits {
  /** How long the check and the read may take before the worker is stopped. */
  timeoutMs: number;
  /** The worker's JavaScript heap (the values read, as objects and strings). */
  maxMemoryMb: number;
}

/** The compiled worker: next to this file in dist/, or in dist/ when this runs from src/ (tests). */
function workerScript(): string {
  const here = join(__dirname, 'read-worker.js');
  return existsSync(here) ? here : join(__dirname, '..', 'dist', 'read-worker.js');
}

/** Buffers arrive from a worker as plain Uint8Arrays; values read from a file are Buffers. */
function asBuffers(value: unknown): unknown {
  // Checked without instanceof: under a test runner the message's objects come from another realm.
  if (ArrayBuffer.isView(value) && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(asBuffers);
  if (Object.prototype.toString.call(value) === '[object Object]')
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, asBuffers(v)]));
  return value;
}

/**
 * `readRunFile` on a worker thread: the schema check, quick_check and the reading of a file that
 * may be a gigabyte, or hostile, never hold up the event loop that serves requests. The worker is
 * stopped when it takes longer than `timeoutMs` or needs more heap than `maxMemoryMb`; both are
 * refusals with a sentence.
 */
export function readRunFileInWorker(path: string, limits: RunFileReadLimits): Promise<RunFileContents> {
  return inWorker<RunFileContents>(path, undefined, limits).then((c) => asBuffers(c) as RunFileContents);
}

/** What `readRunViewInWorker` reads from a run file the platform holds. */
export type RunView =
  | { kind: 'metrics' }
  | { kind: 'simulations'; paths: string[] }
  | { kind: 'series'; name: string; maxPoints: number }
  | { kind: 'logs'; query: LogQuery };

/** A simulation name and version a run file names. */
export interface RunSimulation {
  simulation_name: string;
  simulation_version: string;
}

/** What a run file's run_metadata row says of its run (what the catalog records of an execution). */
export interface RunIdentity extends RunSimulation {
  execution_id: string;
  squid_id: string | null;
  status: string;
  duration_seconds: number | null;
  completed_at: string | null;
}

type ViewAnswer<V extends RunView> = V extends { kind: 'metrics' }
  ? MetricSummary[]
  : V extends { kind: 'simulations' }
    ? RunIdentity[]
    : V extends { kind: 'series' }
      ? MetricSeries | null
      : LogPage;

/**
 * One view of a run file (its metric names, one series downsampled, a page of logs) read on a
 * worker thread under the same caps as `readRunFileInWorker`: a run file of a gigabyte of metrics
 * is scanned there, never on the event loop that serves requests.
 */
export function readRunViewInWorker<V extends RunView>(
  path: string,
  view: V,
  limits: RunFileReadLimits,
): Promise<ViewAnswer<V>> {
  return inWorker<ViewAnswer<V>>(path, view, limits);
}

function inWorker<T>(path: string, view: RunView | undefined, limits: RunFileReadLimits): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), {
      workerData: { path, view },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new RunFileError(
              'too_large',
              `${path} took longer than ${Math.round(limits.timeoutMs / 1000)} s to check and read.`,
            ),
          ),
        ),
      limits.timeoutMs,
    );
    worker.on('message', (m: { contents?: T; error?: { problem?: RunFileProblem; message: string } }) =>
      settle(() => {
        if (!m.error) resolve(m.contents as T);
        else if (m.error?.problem) reject(new RunFileError(m.error.problem, m.error.message));
        else reject(new Error(m.error?.message ?? 'the run file reader failed'));
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new RunFileError(
                'too_large',
                `${path} needs more than the ${limits.maxMemoryMb} MB reading a run file may take.`,
              )
            : error,
        ),
      ),
    );
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the run file reader stopped (exit code ${code}) before it answered`))),
    );
  });
}
