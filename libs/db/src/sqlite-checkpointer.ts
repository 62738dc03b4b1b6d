import { Worker } from 'node:worker_threads';
import type { Database as SqliteDatabase } from 'better-sqlite3';

/** How often the worker folds the WAL back into the database file. */
const CHECKPOINT_MS = 250;
/** SQLite's default, restored on the connection if the worker fails. */
const AUTOCHECKPOINT_PAGES = 1000;

// Runs in the worker: its own connection, a PASSIVE checkpoint (never waits for or blocks writers).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
`;

/**
 * WAL checkpoints off the event loop. SQLite checkpoints in the commit that crosses
 * `wal_autocheckpoint` pages, inside the synchronous better-sqlite3 call: copying ~4 MB back and
 * syncing the file held the loop 30-160 ms in the middle of a batched sweep at 1M cache entries
 * (bench/cache/stall.js). Here the connection's own checkpoints are off and a worker thread runs
 * them on a second connection; if the worker fails the connection checkpoints itself again.
 */
export class SqliteCheckpointer {
  private stopped = false;

  private constructor(private readonly worker: Worker) {}

  static start(db: SqliteDatabase, file: string): SqliteCheckpointer {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file, everyMs: CHECKPOINT_MS },
    });
    // Never what keeps a process alive.
    worker.unref();
    db.pragma('wal_autocheckpoint = 0');
    const checkpointer = new SqliteCheckpointer(worker);
    // An 'error' is followed by 'exit'.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (!checkpointer.stopped && db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    });
    return checkpointer;
  }

  /** Before the connection closes (so the last connection to close folds in and removes the WAL). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}
