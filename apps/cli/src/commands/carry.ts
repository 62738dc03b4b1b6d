import { mkdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  CacheClient,
  DownloadMismatchError,
  fileBody,
  FilesClient,
  ResultsClient,
  SimvaultError,
  type RegisterAnswer,
  type RunFile,
} from '@simvault/client';
import { RunDatabase } from '@simvault/run-db';
import { addCredentialOptions, connect, serviceUrl, serviceUrlOption, type ConnectOptions } from './connect';
import { consoleTerminal, sentence, type Terminal } from './results';

/** How push and pull reach the results, files and cache services, and as whom. */
export interface CarryOptions extends Omit<ConnectOptions, 'url'> {
  resultsUrl?: string;
  filesUrl?: string;
  cacheUrl?: string;
}

interface Clients {
  results: ResultsClient;
  files: FilesClient;
  cache: CacheClient;
}

/** One sign-in (the results service's), its token used on the files and cache services too. */
async function clients(options: CarryOptions): Promise<Clients> {
  const results = await connect(ResultsClient, 'results', { ...options, url: options.resultsUrl }, [
    'read',
    'write',
  ]);
  const token = results.token;
  return {
    results,
    files: new FilesClient(options.filesUrl ?? serviceUrl('files'), { token }),
    cache: new CacheClient(options.cacheUrl ?? serviceUrl('cache'), { token }),
  };
}

const MB = 1024 * 1024;

/** `[##########----------] 12.0/40.0 MB  mesh/field.vtk` */
export function bytesLine(done: number, total: number, current: string, width = 30): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(done / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB  ${current}`;
}

export interface PushReport {
  registered: RegisterAnswer;
  /** External artifacts whose bytes were sent now, and those the platform held already. */
  uploaded: number;
  present: number;
}

/**
 * `simvault push <run file>`: registration with every byte of the run: its external artifacts
 * first (carryArtifacts), then the run file itself.
 */
export async function pushRun(path: string, options: CarryOptions, terminal: Terminal): Promise<PushReport> {
  const file = resolve(path);
  const { results, files } = await clients(options);
  const carried = await carryArtifacts(file, () => files, terminal);
  const registered = await results.uploadRunFile(fileBody(file));
  if (!('result_id' in registered)) throw new Error('The registration was queued, not answered.');
  const count = carried.uploaded + carried.present;
  terminal.out(
    `Pushed ${registered.execution_id}: the run file and ${count} external artifact${count === 1 ? '' : 's'} (${carried.uploaded} uploaded, ${carried.present} already on the platform).`,
  );
  return { registered, ...carried };
}

/**
 * Uploads the external artifacts a run file names (by path on this machine, with its sha256) under
 * their digests, before the run file is registered: nothing is sent for bytes the platform holds,
 * and a cut upload resumes where it stopped. The files service is reached only when there is an
 * external artifact. Refused when one is neither on the platform nor here, or has no sha256.
 */
export async function carryArtifacts(
  file: string,
  filesClient: () => FilesClient,
  terminal: Terminal,
): Promise<{ uploaded: number; present: number }> {
  const run = RunDatabase.open(file, { readonly: true });
  let external: { name: string; sha256: string | null; path: string }[];
  try {
    external = run
      .getArtifacts()
      .filter((a) => !a.inline && typeof a.external_path === 'string' && a.external_path !== '')
      .map((a) => ({
        name: String(a.name),
        sha256: typeof a.content_hash === 'string' ? a.content_hash.toLowerCase() : null,
        path: String(a.external_path),
      }));
  } finally {
    run.close();
  }
  if (external.length === 0) return { uploaded: 0, present: 0 };
  const unhashed = external.filter((a) => a.sha256 === null);
  if (unhashed.length > 0) {
    throw new Error(
      `${unhashed.map((a) => a.name).join(', ')}: no sha256 in the run file, so the platform could not tell which bytes the run names; save the artifact again with RunDatabase.saveArtifact. Nothing was registered.`,
    );
  }
  const files = filesClient();
  const todo: { name: string; sha256: string; path: string; size: number }[] = [];
  let present = 0;
  for (const a of external) {
    const state = await files.artifactState(a.sha256!);
    if (state.stored) {
      present++;
      continue;
    }
    const info = await stat(a.path).catch(() => null);
    if (!info?.isFile()) {
      throw new Error(
        `${a.name} is an external file (${a.path}) that is neither here nor on the platform; nothing was registered.`,
      );
    }
    todo.push({ name: a.name, sha256: a.sha256!, path: a.path, size: info.size });
  }
  const total = todo.reduce((sum, a) => sum + a.size, 0);
  let before = 0;
  for (const a of todo) {
    try {
      await files.uploadArtifact(a.sha256, a.path, {
        onProgress: (sent) => terminal.status?.(bytesLine(before + sent, total, a.name)),
      });
    } catch (error) {
      throw new Error(`${a.name} (${a.path}) was not uploaded: ${sentence(error)} Nothing was registered.`);
    }
    before += a.size;
  }
  return { uploaded: todo.length, present };
}

export interface PullReport {
  executionId: string;
  directory: string;
  runFile: string;
  artifacts: string[];
  bytes: number;
}

/**
 * The run's artifacts as the files service indexed them from this run file. Indexing follows a
 * registration through a queue: a pull right after a push may come first, so it waits a little.
 */
async function indexedRun(files: FilesClient, executionId: string, checksum: string, waitMs = 15_000) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const run = await files.runFiles(executionId);
      if (run.checksum === checksum) return run;
    } catch (error) {
      if (!(error instanceof SimvaultError && error.status === 404)) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The files service has not indexed the run file of ${executionId} (${checksum}) yet; try again shortly, or index it: POST /runs/${executionId}/index.`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Where an artifact lands under the directory: its name, which must stay inside. */
function placeOf(directory: string, name: string): string {
  const parts = name.split('/');
  if (isAbsolute(name) || parts.some((p) => p === '..' || p === '') || name.includes('\\')) {
    throw new Error(
      `The artifact name ${JSON.stringify(name)} would land outside ${directory}; nothing of it was written.`,
    );
  }
  return join(directory, ...parts);
}

/**
 * `simvault pull <execution id | cache key> [DIR]`: the run's directory rebuilt here from the
 * platform's copy: `<DIR>/<execution id>.db` and each artifact at its name under DIR, every file
 * checked against its sha256. A cache key leads to its entry's execution.
 */
export async function pullRun(
  reference: string,
  directory: string | undefined,
  options: CarryOptions,
  terminal: Terminal,
): Promise<PullReport> {
  const { results, files, cache } = await clients(options);
  let result = await results.getResult(reference).catch((error: unknown) => {
    // A cache key is no execution id (it may hold "/"): the results service refuses it as one.
    if (error instanceof SimvaultError && error.status === 400) return null;
    throw error;
  });
  if (!result) {
    const entry = await cache.get(reference);
    if (!entry)
      throw new Error(`No registered result or cache entry is called ${JSON.stringify(reference)}.`);
    result = await results.getResult(entry.execution_id);
    if (!result) {
      throw new Error(
        `The cache entry ${JSON.stringify(reference)} names execution ${entry.execution_id}, which is not registered with the platform.`,
      );
    }
  }
  const executionId = result.execution_id;
  if (!result.run_file) {
    throw new Error(
      `Result ${executionId} was registered without a run file (register_direct): there is nothing to pull.`,
    );
  }
  const indexed = await indexedRun(files, executionId, result.run_file.checksum);
  // A name saved twice: the latest is the artifact of that name (as the download route answers).
  const latest = new Map<string, RunFile>();
  for (const f of indexed.files) if (f.storage !== 'none') latest.set(f.name, f);
  const target = resolve(directory ?? executionId);
  const wanted = [...latest.values()].map((f) => ({ file: f, path: placeOf(target, f.name) }));
  await mkdir(target, { recursive: true });
  // The run file's size may be unknown (null): the progress total then counts the artifacts only.
  const total = (result.run_file.size_bytes ?? 0) + wanted.reduce((sum, w) => sum + w.file.size, 0);
  let done = 0;
  const runFile = join(target, `${executionId}.db`);
  terminal.status?.(bytesLine(done, total, `${executionId}.db`));
  const onRunFileBytes = (n: number) => {
    done += n;
    terminal.status?.(bytesLine(done, total, `${executionId}.db`));
  };
  const { checksum, size_bytes: size } = result.run_file;
  // With its size known, a cut download resumes from the kept .part; without, it is fetched whole.
  if (size !== null) {
    try {
      await results.pullRunFile(executionId, runFile, { size, sha256: checksum }, onRunFileBytes);
    } catch (error) {
      if (!(error instanceof DownloadMismatchError)) throw error;
      throw new Error(
        `The run file arrived as ${error.bytes} bytes hashing to ${error.sha256}, not the ${size} bytes of ${checksum}; it was removed.`,
      );
    }
  } else {
    const got = await results.downloadRunFileTo(executionId, runFile, onRunFileBytes);
    if (got.sha256 !== checksum)
      throw new Error(`The run file arrived hashing to ${got.sha256}, not ${checksum}.`);
  }
  for (const { file, path } of wanted) {
    await mkdir(dirname(path), { recursive: true });
    try {
      await files.downloadArtifact(executionId, file, path, (n) => {
        done += n;
        terminal.status?.(bytesLine(done, total, file.name));
      });
    } catch (error) {
      throw new Error(`${file.name} could not be pulled: ${sentence(error)}`);
    }
  }
  terminal.out(
    `Pulled ${executionId} into ${target}: the run file and ${wanted.length} artifact${wanted.length === 1 ? '' : 's'}, ${(done / MB).toFixed(1)} MB, every file verified.`,
  );
  return { executionId, directory: target, runFile, artifacts: wanted.map((w) => w.path), bytes: done };
}

function addCarryOptions(command: Command): Command {
  for (const service of ['results', 'files', 'cache'] as const) {
    command.addOption(serviceUrlOption(service, `--${service}-url`));
  }
  return addCredentialOptions(command);
}

/** `simvault push` and `simvault pull`. */
export function registerCarryCommands(program: Command): void {
  addCarryOptions(program.command('push'))
    .description(
      'Register a run with every byte of it: each external artifact the run file names is uploaded (by sha256, only when the platform lacks it, resumable), then the run file. Progress on a terminal.',
    )
    .argument('<run-file>', 'the run file (*.db)')
    .action(async (path: string, options: CarryOptions) => {
      await pushRun(path, options, consoleTerminal());
    });
  addCarryOptions(program.command('pull'))
    .description(
      "Rebuild a registered run's directory here: its run file and every artifact at its name, each checked against its sha256. Progress on a terminal.",
    )
    .argument('<reference>', 'an execution id, or a cache key whose entry names one')
    .argument('[dir]', 'where to write it (default ./<execution id>)')
    .action(async (reference: string, dir: string | undefined, options: CarryOptions) => {
      await pullRun(reference, dir, options, consoleTerminal());
    });
}
