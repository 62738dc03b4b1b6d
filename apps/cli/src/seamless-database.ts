#!/usr/bin/env node
// The `seamless-database` drop-in server: the seamless-database wire protocol over one SQLite file,
// with the reference's command line (docs/seamless.md). Everything comes from argv; nothing from
// the environment.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SEAMLESS_BODY_LIMIT_BYTES } from '@simvault/core';
import { createDataSource, openDatabase } from '@simvault/db';
import {
  CHECKSUM_ENTITIES,
  CHECKSUM_MIGRATIONS,
  CHECKSUM_MIGRATIONS_TABLE,
  CHECKSUM_TABLES,
} from '@simvault/entities';
import {
  ChecksumRecordsService,
  DYNAMIC_PORTS,
  listenInRange,
  parseLauncherArguments,
  SeamlessListener,
  SeamlessProtocol,
  StatusFile,
  usage,
  UsageError,
  type LauncherArguments,
} from '@simvault/seamless';

type DataSource = Awaited<ReturnType<typeof openDatabase>>;

const NAME = 'seamless-database';

/** Refusals, withdrawals and failures, one line each on stderr (the reference prints its own there). */
const log = {
  info: (details: object, message: string) => report(message, details),
  warn: (details: object, message: string) => report(message, details),
  error: ({ err, ...details }: { err?: unknown }, message: string) =>
    report(message, details, err instanceof Error ? err.stack : err),
};

function report(message: string, details: object, trace?: unknown): void {
  process.stderr.write(
    `${NAME}: ${message} ${JSON.stringify(details)}${trace ? `\n${String(trace)}` : ''}\n`,
  );
}

async function main(argv: string[]): Promise<void> {
  let args: LauncherArguments | 'help';
  try {
    args = parseLauncherArguments(argv, { host: '0.0.0.0', positional: 'database_file' });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${usage(NAME, 'database_file')}\n${NAME}: error: ${error.message}\n`);
    process.exit(2);
  }
  if (args === 'help') {
    process.stdout.write(`${usage(NAME, 'database_file')}\n\n${HELP}`);
    return;
  }

  let status: StatusFile | undefined;
  if (args.statusFile) {
    try {
      status = await StatusFile.wait(args.statusFile);
    } catch (error) {
      process.stderr.write(`${NAME}: ${(error as Error).message}\n`);
      process.exit(1);
    }
  }

  let dataSource: DataSource | undefined;
  try {
    const timeout = args.timeout;
    if (timeout !== undefined && !(timeout > 0)) throw new Error('--timeout must be a positive number');
    dataSource = await open(args);
    const records = new ChecksumRecordsService(dataSource);
    let lastRequest = Date.now();
    const server = new SeamlessListener(new SeamlessProtocol(records, args.writable), {
      host: args.host,
      port: args.port ?? 0,
      // The reference takes up to 10 GB, all in memory; no Seamless request comes near this.
      bodyLimitBytes: DEFAULT_SEAMLESS_BODY_LIMIT_BYTES,
      onActivity: () => (lastRequest = Date.now()),
      log,
    });
    const stop = once(async (reason: string) => {
      process.stdout.write(`${NAME}: ${reason}, stopping\n`);
      await server.close(2000);
      await dataSource?.destroy();
      process.exit(0);
    });
    // Before "running" is reported: a launcher may signal as soon as it reads it.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => void stop(signal));
    const port =
      args.port !== undefined
        ? (await server.listen(args.port)).port
        : await listenInRange(args.portRange ?? DYNAMIC_PORTS, (p) => tryListen(server, p));
    status?.running(port);
    process.stdout.write(
      `${NAME}: serving ${resolve(args.file)} (${args.writable ? 'writable' : 'read-only'}) on http://${args.host}:${port}\n`,
    );
    if (timeout !== undefined && Number.isFinite(timeout)) {
      // Timers cannot wait longer than 2^31-1 ms; a longer timeout is checked again when one ends.
      const wait = (ms: number) => setTimeout(idle, Math.min(ms, 2 ** 31 - 1));
      const idle = () => {
        const left = lastRequest + timeout * 1000 - Date.now();
        if (left <= 0) void stop(`no request for ${timeout} s`);
        else wait(left);
      };
      wait(timeout * 1000);
    }
  } catch (error) {
    status?.failed();
    await dataSource?.destroy().catch(() => undefined);
    process.stderr.write(`${NAME}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/**
 * Writable: the file and its tables are created when missing (migrations). Read-only: the file must
 * exist and already be a seamless database; it is opened read-only and never changed.
 */
async function open(args: LauncherArguments): Promise<DataSource> {
  const url = `sqlite:${args.file}`;
  if (args.writable) {
    return openDatabase({
      url,
      entities: CHECKSUM_ENTITIES,
      migrations: CHECKSUM_MIGRATIONS,
      migrationsTableName: CHECKSUM_MIGRATIONS_TABLE,
      runMigrations: true,
    });
  }
  if (!existsSync(args.file)) {
    throw new Error(`Database file '${args.file}' must exist when --writable is not set`);
  }
  const dataSource = createDataSource({ url, entities: CHECKSUM_ENTITIES, readonly: true });
  // @simvault/db's connection setup switches the file to WAL, a write that a read-only connection
  // cannot make on a file in another journal mode (one written by the reference server, say).
  Object.assign(dataSource.options, {
    prepareDatabase: (db: { pragma(sql: string): unknown }) => db.pragma('busy_timeout = 5000'),
  });
  try {
    await dataSource.initialize();
    const rows: { name: string }[] = await dataSource.query(
      "SELECT name FROM sqlite_master WHERE type = 'table'",
    );
    const missing = CHECKSUM_TABLES.filter((t) => !rows.some((r) => r.name === t));
    if (missing.length > 0) {
      throw new Error(`it lacks the tables ${missing.join(', ')} (create it with --writable)`);
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw new Error(`Cannot serve ${args.file} read-only: ${(error as Error).message}`);
  }
  return dataSource;
}

async function tryListen(server: SeamlessListener, port: number): Promise<boolean> {
  try {
    await server.listen(port);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') return false;
    throw error;
  }
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let started: Promise<void> | undefined;
  return (...args) => (started ??= fn(...args));
}

const HELP = `The seamless-database wire protocol (checksum metadata for Seamless) over one SQLite file.

positional arguments:
  database_file          SQLite file of the records; created with its tables when --writable is set

options:
  -h, --help             show this help message and exit
  --port PORT            network port
  --port-range START END
                         pick a random free port from this inclusive range
                         (default: a random free port in 49152-65535)
  --host HOST            address to listen on (default: 0.0.0.0)
  --writable             accept PUT requests (otherwise the file must exist and is opened read-only)
  --status-file STATUS_FILE
                         JSON file to report "running" and the port, or "failed", to a launcher
                         (waited for up to 20 s; it must hold a JSON object)
  --timeout TIMEOUT      stop after this many seconds without a request
`;

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
