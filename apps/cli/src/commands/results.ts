import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { fileBody, FilesClient, ResultsClient, SimvaultError, type RegistrationJob } from '@simvault/client';
import { carryArtifacts } from './carry';
import { addConnectOptions, connect, serviceUrl, type ConnectOptions } from './connect';

export interface RegisterOptions extends ConnectOptions {
  /** The files service, for the run files' external artifacts (default: this machine's configuration). */
  filesUrl?: string;
  /** The paths are on the server, under its run roots: one batch job instead of uploads. */
  serverPaths?: boolean;
  recursive?: boolean;
}

export interface Terminal {
  out: (line: string) => void;
  /** Rewrites the current line (a progress bar); absent when the output is not a terminal. */
  status?: (line: string) => void;
}

export interface RegisterReport {
  total: number;
  registered: number;
  failures: { path: string; error: string }[];
}

const RUN_FILE = /\.(db|sqlite3?)$/i;

/** `[#########-----------] 12/40  11 registered, 1 failed` */
export function progressLine(
  done: number,
  total: number,
  registered: number,
  failed: number,
  width = 30,
): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}  ${registered} registered, ${failed} failed`;
}

/** The run files named: files as they are, directories as the *.db / *.sqlite files in them. */
async function runFiles(paths: string[], recursive: boolean): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isFile() && RUN_FILE.test(entry.name)) files.push(path);
      else if (entry.isDirectory() && recursive && depth < 64) await walk(path, depth + 1);
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) await walk(path, 0);
    else files.push(path);
  }
  return files.map((f) => resolve(f));
}

export const sentence = (error: unknown) =>
  error instanceof SimvaultError && typeof error.body === 'object'
    ? (error.body.error ?? error.message)
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * `simvault results register <paths…>`: uploads each run file to the results service (or, with
 * --server-paths, has the service read them from its run roots in one batch job), with a progress
 * bar on a terminal. Answers what was registered and what was refused, and why.
 */
export async function registerRunFiles(
  paths: string[],
  options: RegisterOptions,
  terminal: Terminal,
): Promise<RegisterReport> {
  const files = options.serverPaths
    ? paths.map((p) => resolve(p))
    : await runFiles(paths, options.recursive === true);
  if (files.length === 0) throw new Error(`No run files (*.db, *.sqlite) in ${paths.join(', ')}.`);
  const client = await connect(ResultsClient, 'results', options, ['read', 'write']);
  const report: RegisterReport = { total: files.length, registered: 0, failures: [] };
  let filesClient: FilesClient | undefined;
  const filesService = () =>
    (filesClient ??= new FilesClient(options.filesUrl ?? serviceUrl('files'), { token: client.token }));
  if (options.serverPaths) {
    const queued = await client.registerBatch({ paths: files });
    const job = await client.waitForJob(queued.job_id, {
      onProgress: (j: RegistrationJob) => {
        if (typeof j.progress === 'object') {
          const p = j.progress;
          terminal.status?.(progressLine(p.done, p.total, p.registered, p.failed));
        }
      },
    });
    if (job.state === 'failed') throw new Error(`The registration job failed: ${job.error}`);
    const result = job.result as {
      registered: number;
      failed: number;
      failures: { path: string; error: string }[];
    };
    report.registered = result.registered;
    report.failures = result.failures;
    const unlisted = result.failed - result.failures.length;
    if (unlisted > 0) report.failures.push({ path: '…', error: `${unlisted} more failures not listed` });
  } else {
    for (const [i, file] of files.entries()) {
      try {
        // Every byte of the run travels: its external artifacts first, then the run file.
        await carryArtifacts(file, filesService, terminal);
        await client.uploadRunFile(fileBody(file));
        report.registered++;
      } catch (error) {
        report.failures.push({ path: file, error: sentence(error) });
      }
      terminal.status?.(progressLine(i + 1, files.length, report.registered, report.failures.length));
    }
  }
  for (const f of report.failures) terminal.out(`failed  ${f.path}: ${f.error}`);
  terminal.out(
    `Registered ${report.registered} of ${report.total} run file${report.total === 1 ? '' : 's'}${report.failures.length ? `; ${report.failures.length} refused` : ''}.`,
  );
  return report;
}

/** A terminal on stdout, with the progress bar on stderr when that is a TTY. */
export function consoleTerminal(): Terminal {
  let open = false;
  const tty = process.stderr.isTTY === true;
  return {
    out: (text) => {
      if (open) process.stderr.write('\n');
      open = false;
      console.log(text);
    },
    status: tty
      ? (text) => {
          open = true;
          process.stderr.write(`\r${text}`);
        }
      : undefined,
  };
}

/** `simvault results register <paths…>`. */
export function registerResultsCommands(program: Command): void {
  const results = program
    .command('results')
    .description('The results service: registered runs, searchable by their values.');
  addConnectOptions(results.command('register'), 'results')
    .description(
      'Register run files with the results service: each file is uploaded with its external artifacts (the platform keeps its own copy of every byte; simvault push does the same for one run); directories stand for the run files in them. Exits 1 when any file is refused.',
    )
    .argument('<paths...>', 'run files (*.db) or directories of them')
    .option('-r, --recursive', 'look for run files in subdirectories too')
    .addOption(
      new Option(
        '--files-url <url>',
        "the files service, which takes the run files' external artifacts (default http://<SIMVAULT_HOST>:<SIMVAULT_FILES_PORT>)",
      ).env('SIMVAULT_FILES_URL'),
    )
    .option(
      '--server-paths',
      'the paths are on the server, under its run roots (SIMVAULT_RUN_ROOTS): it reads them itself, in one batch job',
    )
    .action(async (paths: string[], options: RegisterOptions) => {
      const report = await registerRunFiles(paths, options, consoleTerminal());
      if (report.failures.length > 0) process.exitCode = 1;
    });
}
