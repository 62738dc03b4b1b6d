import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dumps, loads, type PyObject, type PyValue } from '../py-json';

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

  /**
   * Waits (up to `waitMs`) for the file to exist, then reads it: it must hold a JSON object. As the
   * reference does, only a missing file is waited for; one that is not JSON, or holds a list or a
   * string, is refused at once (the launcher wrote something else, and waiting will not mend it).
   */
  static async wait(path: string, waitMs = STATUS_FILE_WAIT_MS): Promise<StatusFile> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        if (Date.now() >= deadline) {
          throw new Error(`Status file '${path}' not found after ${Math.round(waitMs / 1000)} seconds`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      let fields: PyValue;
      try {
        fields = loads(text);
      } catch (error) {
        throw new Error(`Status file '${path}' is not valid JSON: ${(error as Error).message}`);
      }
      if (!(fields instanceof Map)) throw new Error(`Status file '${path}' must contain a JSON object`);
      return new StatusFile(path, fields);
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
