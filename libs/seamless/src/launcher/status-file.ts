import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dumps, loads, type PyObject } from '../py-json';

/** How long a launcher has to create the status file. */
export const STATUS_FILE_WAIT_MS = 20_000;

/**
 * The status-file handshake with a launcher (remote-http-launcher): wait for the file to hold a
 * JSON object, then rewrite it, atomically, with every field it had plus `status` (and `port`).
 */
export class StatusFile {
  private constructor(
    readonly path: string,
    private fields: PyObject,
  ) {}

  /** Waits until the file exists and holds a JSON object; rejects with a sentence after `waitMs`. */
  static async wait(path: string, waitMs = STATUS_FILE_WAIT_MS): Promise<StatusFile> {
    const deadline = Date.now() + waitMs;
    let problem = 'not found';
    for (;;) {
      try {
        const fields = loads(readFileSync(path, 'utf8'));
        if (fields instanceof Map) return new StatusFile(path, fields);
        problem = 'does not hold a JSON object';
      } catch (error) {
        problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'is not valid JSON';
      }
      if (Date.now() >= deadline) {
        throw new Error(`Status file '${path}' ${problem} after ${Math.round(waitMs / 1000)} seconds`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  running(port: number): void {
    this.fields.set('port', BigInt(port));
    this.fields.set('status', 'running');
    this.write();
  }

  failed(): void {
    this.fields.set('status', 'failed');
    this.write();
  }

  /** Written aside and renamed, so a reader sees the old file or the new one, never half of one. */
  private write(): void {
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, `${dumps(this.fields)}\n`);
    renameSync(temp, this.path);
  }
}
