import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';

/*
 * How launchers (remote-http-launcher) start Seamless's servers: a status file to report to, a
 * port picked from a range, an idle timeout. Specified in specs/seamless-database.md for
 * seamless-database; the buffer server behaves the same.
 */

export type StatusContents = Record<string, unknown>;

/**
 * Waits until `path` exists and holds a JSON object (`{}` suffices), for at most `timeoutMs`. A
 * launcher may still be writing it, so unreadable content is retried too until the deadline.
 */
export async function waitForStatusFile(
  path: string,
  timeoutMs = 20_000,
  pollMs = 100,
): Promise<StatusContents> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let problem: string;
    try {
      const contents: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (typeof contents === 'object' && contents !== null && !Array.isArray(contents)) {
        return contents as StatusContents;
      }
      problem = 'it does not hold a JSON object';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem = code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Status file ${path} is not usable after ${timeoutMs / 1000} s: ${problem}.`);
    }
    await new Promise((ok) => setTimeout(ok, pollMs));
  }
}

/** Rewrites the status file atomically (write `<path>.tmp`, rename), keeping every existing field. */
export async function writeStatusFile(path: string, contents: StatusContents): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(contents)}\n`);
  await rename(temp, path);
}

/** Listens on one port; rejects with the listen error (EADDRINUSE, EACCES, ...). */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((ok, fail) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      fail(error);
    };
    const onListening = () => {
      server.off('error', onError);
      ok((server.address() as { port: number }).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export class PortRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortRangeError';
  }
}

/**
 * Listens on a random free port of the inclusive range. Trying ports by really listening (not
 * probing, then listening) leaves no window for another process to take the port in between.
 */
export async function listenInRange(
  server: Server,
  host: string,
  start: number,
  end: number,
  random: () => number = Math.random,
): Promise<number> {
  if (![start, end].every((p) => Number.isInteger(p) && p >= 0 && p <= 65535)) {
    throw new PortRangeError('--port-range values must be whole numbers between 0 and 65535');
  }
  if (start > end) throw new PortRangeError('--port-range START must be less than or equal to END');
  // Port 0 would mean "any port", which may lie outside the range.
  const ports: number[] = [];
  for (let p = Math.max(start, 1); p <= end; p++) ports.push(p);
  for (let i = ports.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ports[i], ports[j]] = [ports[j], ports[i]];
  }
  for (const port of ports) {
    try {
      return await listen(server, host, port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    }
  }
  throw new PortRangeError(`No free port available in range ${start}-${end}`);
}

/**
 * Calls `onIdle` once `idleMs()` (time since the last request ended; 0 while one runs) reaches
 * `timeoutSeconds`. A long upload is a request in progress, so it is never cut off.
 */
export function whenIdle(idleMs: () => number, timeoutSeconds: number, onIdle: () => void): NodeJS.Timeout {
  const limit = timeoutSeconds * 1000;
  const timer = setInterval(
    () => {
      if (idleMs() >= limit) {
        clearInterval(timer);
        onIdle();
      }
    },
    Math.min(1000, Math.max(50, limit / 10)),
  );
  return timer;
}
