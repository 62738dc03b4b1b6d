import { join } from 'node:path';

/**
 * The results service adds one job to this queue per registered run file; the files service
 * consumes it to index the run's artifacts.
 */
export const RUN_REGISTERED_QUEUE = 'run-registered';

/** The payload of a RUN_REGISTERED_QUEUE job. */
export interface RunRegistered {
  execution_id: string;
  simulation_name: string;
  simulation_version: string;
  /** The platform's copy of the run file: runFilePath(run store, checksum). */
  run_file: string;
  /** sha256 of the run file, hex. */
  checksum: string;
}

/**
 * Where the run store keeps the run file of a checksum: `<store>/<cs[0:2]>/<cs>.db`. The results
 * service writes there; the files service reads from there.
 */
export function runFilePath(storeDir: string, checksum: string): string {
  return join(storeDir, runFileKey(checksum));
}

/** The same place relative to the run store: the run file's key in the blob store for `runs`. */
export function runFileKey(checksum: string): string {
  return `${checksum.slice(0, 2)}/${checksum}.db`;
}
