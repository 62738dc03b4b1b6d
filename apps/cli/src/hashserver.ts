#!/usr/bin/env node
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import {
  BUFFER_HASHES,
  BUFFER_LAYOUTS,
  BufferStore,
  DEFAULT_LOCK_TIMEOUT_MS,
  HashserverHandler,
  type BufferLayout,
} from '@simvault/buffers/standalone';
import type { BufferHash } from '@simvault/core';
import { listenInRange, StatusFile } from '@simvault/seamless/launcher';

/*
 * `hashserver`: Simvault's drop-in for Seamless's buffer server. Same command line, same routes,
 * over the same BufferStore the cache app uses. Configured from argv only, as launchers start it;
 * the launcher handshake (status file, port range) is seamless-database's, from @simvault/seamless.
 */

const DEFAULT_PORT = 8000;

interface RawOptions {
  port?: string;
  portRange?: string;
  host: string;
  writable: boolean;
  statusFile?: string;
  timeout?: string;
  layout: string;
  extraDirs?: string;
  hash: string;
  lockTimeout?: string;
}

interface Settings {
  directory: string;
  port?: number;
  portRange?: [number, number];
  host: string;
  writable: boolean;
  timeout?: number;
  layout: BufferLayout;
  extraDirs: string[];
  hash: BufferHash;
  lockTimeoutMs: number;
}

/** argparse's `nargs=2`: `--port-range START END` takes exactly the next two words, wherever it stands. */
function joinPortRange(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port-range' && i + 1 < argv.length) {
      out.push(`--port-range=${argv.slice(i + 1, i + 3).join(' ')}`);
      i += 2;
    } else out.push(argv[i]);
  }
  return out;
}

function port(value: string, what: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535)
    throw new Error(`${what} must be a port number from 0 to 65535 (got "${value}")`);
  return n;
}

/** Checked after the status file is read, so that a bad option is reported there as "failed". */
function settingsFrom(directory: string, options: RawOptions): Settings {
  if (options.port !== undefined && options.portRange !== undefined) {
    throw new Error('--port and --port-range are mutually exclusive');
  }
  let portRange: [number, number] | undefined;
  if (options.portRange !== undefined) {
    const parts = options.portRange.trim().split(/\s+/);
    if (parts.length !== 2) throw new Error('--port-range takes two numbers: START END');
    portRange = [port(parts[0], '--port-range START'), port(parts[1], '--port-range END')];
    if (portRange[0] > portRange[1]) throw new Error('--port-range START must be less than or equal to END');
  }
  let timeout: number | undefined;
  if (options.timeout !== undefined) {
    timeout = Number(options.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new Error(`--timeout must be a positive number (got "${options.timeout}")`);
  }
  if (!BUFFER_LAYOUTS.includes(options.layout as BufferLayout)) {
    throw new Error(`--layout must be ${BUFFER_LAYOUTS.join(' or ')} (got "${options.layout}")`);
  }
  if (!BUFFER_HASHES.includes(options.hash as BufferHash)) {
    throw new Error(`--hash must be ${BUFFER_HASHES.join(' or ')} (got "${options.hash}")`);
  }
  let lockTimeoutMs = DEFAULT_LOCK_TIMEOUT_MS;
  if (options.lockTimeout !== undefined) {
    const seconds = Number(options.lockTimeout);
    if (Number.isNaN(seconds) || options.lockTimeout.trim() === '') {
      throw new Error(`--lock-timeout must be a number of seconds (got "${options.lockTimeout}")`);
    }
    // The reference's own words for it.
    if (!(seconds > 0)) throw new Error('Lock timeout must be positive');
    lockTimeoutMs = seconds * 1000;
  }
  return {
    directory,
    port: options.port === undefined ? undefined : port(options.port, '--port'),
    portRange,
    host: options.host,
    writable: options.writable,
    timeout,
    layout: options.layout as BufferLayout,
    // The reference separates them with ";" (HASHSERVER_EXTRA_DIRS uses the same form).
    extraDirs: (options.extraDirs ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean),
    hash: options.hash as BufferHash,
    lockTimeoutMs,
  };
}

async function start(
  settings: Settings,
): Promise<{ server: Server; handler: HashserverHandler; port: number }> {
  const store = await BufferStore.open({
    dir: settings.directory,
    extraDirs: settings.extraDirs,
    hash: settings.hash,
    layout: settings.layout,
    writable: settings.writable,
    // Kept, as the reference keeps it: another program may be writing it under a lock file.
    // The next upload of the buffer replaces it.
    removeCorrupt: false,
    logger: {
      warn: (details, message) => console.error(`hashserver: ${message} ${JSON.stringify(details)}`),
    },
  });
  const handler = new HashserverHandler(store, {
    writable: settings.writable,
    lockTimeoutMs: settings.lockTimeoutMs,
    onCorrupt: (path) =>
      console.error(`hashserver: the stored buffer ${path} is corrupt (its content does not match its name)`),
    onError: (error, req) =>
      console.error(
        `hashserver: ${req.method} ${req.url} failed:`,
        error instanceof Error ? error.stack : error,
      ),
  });
  const server = createServer(handler.listener);
  const port = settings.portRange
    ? await listenInRange(settings.portRange, (p) =>
        listen(server, settings.host, p).then(() => true, takenAsFalse),
      )
    : await listen(server, settings.host, settings.port ?? DEFAULT_PORT);
  return { server, handler, port };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}

function takenAsFalse(error: NodeJS.ErrnoException): false {
  if (error.code === 'EADDRINUSE' || error.code === 'EACCES') return false;
  throw error;
}

/** Stops accepting, lets running requests finish (5 s at most), and waits for their cleanup. */
async function stop(server: Server, handler: HashserverHandler): Promise<void> {
  const closed = new Promise<void>((ok) => server.close(() => ok()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 5000);
  await closed;
  clearTimeout(force);
  await handler.settled();
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('hashserver')
    .description(
      "Simvault's drop-in for Seamless's buffer server: serves the buffers of DIRECTORY by checksum " +
        '(GET/PUT /<checksum>, PUT /promise/<checksum>, GET /has, GET /buffer-length, GET /healthcheck).',
    )
    .argument('<directory>', 'where the buffers are (created when --writable)')
    .option('--port <port>', `port to listen on (default ${DEFAULT_PORT})`)
    .option('--port-range <range>', 'START END: listen on a random free port in this inclusive range')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--writable', 'accept PUT; without it nothing is ever written', false)
    .option(
      '--status-file <file>',
      'wait (20 s at most) for this file to hold a JSON object, then rewrite it with "status": "running" and "port", or "status": "failed"',
    )
    .option('--timeout <seconds>', 'exit after this many seconds without a request')
    .option('--layout <layout>', 'prefix: DIRECTORY/<cs[0:2]>/<cs>; flat: DIRECTORY/<cs>', 'prefix')
    .option(
      '--extra-dirs <dirs>',
      'read-only buffer directories searched after DIRECTORY, separated by ";" (prefix layout when they hold a .HASHSERVER_PREFIX file, flat otherwise)',
    )
    .option('--hash <hash>', `checksum hash: ${BUFFER_HASHES.join(' or ')}`, 'sha3-256')
    .option(
      '--lock-timeout <seconds>',
      `how long a GET waits for a lock file (<checksum>.LOCK, or .LOCK in the directory) before taking it as stale (default ${DEFAULT_LOCK_TIMEOUT_MS / 1000})`,
    )
    .showHelpAfterError();
  // Usage errors exit 2, as argparse (the reference's parser, and seamless-database) does.
  program.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
  program.parse(joinPortRange(argv), { from: 'user' });
  const options = program.opts<RawOptions>();

  // Installed before anything else: a launcher may signal as soon as it reads "running", or
  // while the server starts. A repeated signal is ignored while the first one is handled.
  let started: Awaited<ReturnType<typeof start>> | undefined;
  let stopping = false;
  const exit = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`hashserver: ${reason}, exiting`);
    if (!started) process.exit(0);
    void stop(started.server, started.handler).then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => exit(signal));

  let status: StatusFile | undefined;
  if (options.statusFile) status = await StatusFile.wait(options.statusFile);
  let settings: Settings;
  try {
    settings = settingsFrom(program.args[0], options);
    started = await start(settings);
    status?.running(started.port);
  } catch (error) {
    status?.failed();
    throw error;
  }
  const { handler, port } = started;
  console.log(
    `hashserver: serving ${settings.directory} (${settings.layout}, ${settings.hash}, ${settings.writable ? 'writable' : 'read-only'}) on http://${settings.host}:${port}`,
  );
  // Uvicorn's own line, on stderr as Uvicorn writes it: launchers and the reference's tests read
  // the port from it.
  console.error(`INFO:     Uvicorn running on http://${settings.host}:${port} (Press CTRL+C to quit)`);
  const timeout = settings.timeout;
  if (timeout !== undefined) {
    // idleMs() is 0 while a request runs, so a long upload is never cut off.
    const check = () => {
      const left = timeout * 1000 - handler.idleMs();
      if (left <= 0) exit(`no request for ${timeout} s`);
      else setTimeout(check, Math.min(left, 1000));
    };
    check();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`hashserver: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
