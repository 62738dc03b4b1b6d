import type { Command } from 'commander';
import { BufferStore, type VerifyReport } from '@simvault/buffers';
import { loadConfig } from '@simvault/core';

export interface VerifyOptions {
  dataDir?: string;
  remove?: boolean;
  /** The file manager's content store (SIMVAULT_FILES_CONTENT_DIR) instead of the buffer store. */
  files?: boolean;
}

/**
 * Re-hashes every buffer of the configured store (the main directory and the read-only extra
 * ones) and reports the corrupt ones; `remove` deletes them (and stale temporary files) from the
 * main directory. Answers the report; the caller exits 1 when corrupt buffers remain.
 */
export async function verifyBuffers(
  options: VerifyOptions,
  write: (line: string) => void = console.log,
): Promise<VerifyReport> {
  const config = loadConfig(undefined, { SIMVAULT_DATA_DIR: options.dataDir });
  const store = await BufferStore.open({
    dir: options.files ? config.files.contentDir : config.buffers.dir,
    extraDirs: options.files ? [] : config.buffers.extraDirs,
    hash: config.buffers.hash,
    // Only removing writes; a plain check creates nothing, and a missing directory is an error.
    writable: options.remove === true,
  });
  const report = await store.verify({ remove: options.remove });
  for (const issue of report.corrupt) {
    const fate = issue.removed ? 'removed' : issue.readOnly ? 'kept: read-only directory' : 'kept';
    write(`corrupt  ${issue.path}  (content hashes to ${issue.actual}; ${fate})`);
  }
  for (const temp of report.staleTemporaryFiles) {
    write(`stale temporary file  ${temp.path}${temp.removed ? '  (removed)' : ''}`);
  }
  const removed = report.corrupt.filter((i) => i.removed).length;
  write(
    `Checked ${report.checked} buffer${report.checked === 1 ? '' : 's'} (${formatBytes(report.bytes)}, ${config.buffers.hash}) in ${report.directories.join(', ')}: ` +
      `${report.corrupt.length} corrupt${options.remove ? `, ${removed} removed` : ''}.`,
  );
  if (!options.remove && report.corrupt.some((i) => !i.readOnly)) {
    write(
      `Run \`simvault buffers verify --remove${options.files ? ' --files' : ''}\` to delete the corrupt buffers from the main directory.`,
    );
  }
  return report;
}

function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `simvault buffers verify [--remove] [--files] [--data-dir DIR]`. */
export function registerBuffersCommands(program: Command): void {
  const buffers = program
    .command('buffers')
    .description('The buffer store: content-addressed files under <data dir>/buffers.');
  buffers
    .command('verify')
    .description(
      'Re-hash every stored buffer (main and extra directories) and report those whose content no longer matches their checksum. Exits 1 when corrupt buffers remain.',
    )
    .option(
      '--remove',
      'delete corrupt buffers (and stale temporary files) from the main directory; extra directories are never modified',
    )
    .option(
      '--files',
      "check the file manager's uploaded content (SIMVAULT_FILES_CONTENT_DIR, default <data dir>/files-content) instead",
    )
    .option(
      '--data-dir <dir>',
      'the data directory (SIMVAULT_DATA_DIR; default ./data); SIMVAULT_BUFFER_DIR overrides the buffer directory',
    )
    .action(async (options: VerifyOptions) => {
      const report = await verifyBuffers(options);
      if (report.corrupt.some((i) => !i.removed)) process.exitCode = 1;
    });
}
