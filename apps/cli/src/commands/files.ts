import { Option, type Command } from 'commander';
import type { ExportProgress, ExportResult, ExportSource } from '@simvault/client';
import { serviceUrl } from './connect';

export interface FilesExportOptions {
  url?: string;
  token?: string;
  force?: boolean;
}

export interface Terminal {
  out(line: string): void;
  /** Progress goes to a terminal only, redrawn in place; nothing is drawn when this is undefined. */
  progress?: (text: string) => void;
}

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** `<id>` for a folder or file, `run:<execution_id>` for a run's artifacts. */
export function exportSource(what: string): ExportSource {
  if (what.startsWith('run:')) {
    const run = what.slice(4);
    if (!run) throw new Error('Give the run as run:<execution_id>.');
    return { run };
  }
  return { entry: what };
}

function bar(progress: ExportProgress): string {
  const width = 30;
  const part = progress.total ? Math.min(1, progress.received / progress.total) : 0;
  const filled = Math.round(part * width);
  const size = progress.total ? `${mib(progress.received)} / ${mib(progress.total)}` : mib(progress.received);
  const name = progress.current
    ? `  ${progress.current.length > 40 ? `…${progress.current.slice(-39)}` : progress.current}`
    : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(part * 100)
    .toString()
    .padStart(3)}%  ${size}  ${progress.files} file${progress.files === 1 ? '' : 's'}${name}`;
}

/**
 * Downloads a folder (or file) or a run's artifacts from the files service as one streamed archive
 * and writes it into `directory`, drawing a progress bar; nothing is written outside the directory.
 */
export async function exportFiles(
  what: string,
  directory: string,
  options: FilesExportOptions,
  terminal: Terminal,
): Promise<ExportResult> {
  if (!options.token) {
    throw new Error(
      'Give a session or API token with --token or SIMVAULT_TOKEN (`simvault token create` makes an API token).',
    );
  }
  const url = options.url ?? serviceUrl('files');
  // Loaded here, not at start-up: only this command needs the client.
  const { FilesClient } = await import('@simvault/client');
  const client = new FilesClient(url, { token: options.token });
  let drawn = 0;
  const exporting = client.exportTo(exportSource(what), directory, {
    overwrite: options.force === true,
    onProgress: terminal.progress
      ? (progress) => {
          const now = Date.now();
          if (now - drawn < 100 && progress.received !== progress.total) return;
          drawn = now;
          terminal.progress!(bar(progress));
        }
      : undefined,
  });
  const result = await exporting.catch((error: Error & { cause?: { code?: string; message?: string } }) => {
    if (error.name !== 'TypeError' || !error.cause) throw error;
    throw new Error(
      `Cannot reach the files service at ${url} (${error.cause.code ?? error.cause.message}): start it (simvault up) or give --url.`,
    );
  });
  terminal.out(
    `Exported ${result.files} file${result.files === 1 ? '' : 's'} (${mib(result.bytes)}) and ${result.directories} folder${result.directories === 1 ? '' : 's'} to ${result.directory}.`,
  );
  if (result.skipped > 0) {
    terminal.out(
      `${result.skipped} entr${result.skipped === 1 ? 'y was' : 'ies were'} left out: the server holds no bytes for ${result.skipped === 1 ? 'it' : 'them'} (entries that point at a URI, artifacts outside the platform).`,
    );
  }
  return result;
}

/** `simvault files export <id | run:<execution_id>> [directory] [--url URL] [--token T] [--force]`. */
export function registerFilesCommands(program: Command): void {
  const files = program.command('files').description('The file manager: folders, files and run artifacts.');
  files
    .command('export')
    .description(
      "Write a folder (with everything in it), a file, or a run's artifacts (run:<execution_id>) into a local directory, streamed, with a progress bar.",
    )
    .argument('<source>', 'a folder or file id, or run:<execution_id>')
    .argument('[directory]', 'where to write (created if needed)', '.')
    .option('--url <url>', 'the files service (default http://<SIMVAULT_HOST>:<SIMVAULT_FILES_PORT>)')
    .addOption(new Option('--token <token>', 'a session or API token').env('SIMVAULT_TOKEN'))
    .option('--force', 'replace files that already exist in the directory')
    .action(async (source: string, directory: string, options: FilesExportOptions) => {
      const tty = process.stderr.isTTY === true;
      await exportFiles(source, directory, options, {
        out: (line) => console.log(line),
        progress: tty ? (text) => process.stderr.write(`\r${text}\u001b[K`) : undefined,
      }).finally(() => {
        if (tty) process.stderr.write('\n');
      });
    });
}
