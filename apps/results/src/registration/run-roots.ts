import { readdir, realpath } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, forbidden, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';

/** How many files one batch may name. */
export const MAX_BATCH_FILES = 100_000;

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * The directories (config.results.runRoots, SIMVAULT_RUN_ROOTS) the service may read run files from.
 * A path is taken only when it lies inside one of them both as written and once symbolic links are
 * resolved; nothing else on the server's disk is ever opened.
 */
@Injectable()
export class RunRoots {
  readonly roots: string[];

  constructor(@Inject(SIMVAULT_CONFIG) config: SimvaultConfig) {
    this.roots = config.results.runRoots;
  }

  /** The run file of an execution: `run_db_path` when given (relative to a root, or absolute), else `<root>/<id>.db`. */
  async locate(executionId: string, runDbPath?: string | null): Promise<string> {
    this.requireRoots();
    const candidates = runDbPath
      ? isAbsolute(runDbPath)
        ? [resolve(runDbPath)]
        : this.roots.map((root) => resolve(root, runDbPath))
      : this.roots.map((root) => join(root, `${executionId}.db`));
    for (const candidate of candidates) {
      const found = await this.check(candidate);
      if (found) return found;
    }
    throw new ApiError(
      404,
      runDbPath
        ? `No run file at ${runDbPath} in the run roots.`
        : `No run file for execution id "${executionId}": looked for ${executionId}.db in the run roots.`,
    );
  }

  /** A path a batch names: refused (403) outside the roots; null when it does not exist. */
  async check(path: string): Promise<string | null> {
    this.requireRoots();
    const absolute = resolve(path);
    if (!this.roots.some((root) => inside(root, absolute))) throw this.outside(path);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      return null;
    }
    const realRoots = await Promise.all(this.roots.map((root) => realpath(root).catch(() => root)));
    if (!realRoots.some((root) => inside(root, real))) throw this.outside(path);
    return real;
  }

  /** The run files (`*.db`, `*.sqlite`) of a directory inside the roots, optionally of its subdirectories too. */
  async list(directory: string, recursive: boolean): Promise<string[]> {
    this.requireRoots();
    const dir = await this.check(directory);
    if (!dir) throw new ApiError(404, `No directory ${directory} in the run roots.`);
    const files: string[] = [];
    const walk = async (current: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(current, { withFileTypes: true });
      } catch {
        throw new ApiError(400, `${this.shown(current)} is not a directory that can be read.`);
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(current, entry.name);
        if (entry.isFile() && /\.(db|sqlite3?)$/i.test(entry.name)) files.push(path);
        else if (entry.isDirectory() && recursive) await walk(path);
        if (files.length > MAX_BATCH_FILES) {
          throw new ApiError(
            400,
            `${directory} holds more than ${MAX_BATCH_FILES} run files; register it in parts.`,
          );
        }
      }
    };
    await walk(dir);
    return files;
  }

  private requireRoots(): void {
    if (this.roots.length === 0) {
      throw forbidden(
        'Registering a run file by path is turned off: no run roots are configured (SIMVAULT_RUN_ROOTS). ' +
          'Upload the file instead: POST /register/upload with the file as the body.',
      );
    }
  }

  /**
   * A path under a run root as a client may see it: relative to its root (`sub/x.db`). Answers and
   * job records never name the server's directories; the server log does.
   */
  shown(path: string): string {
    const root = this.roots.find((r) => inside(r, path));
    return root ? relative(root, path) || '.' : basename(path);
  }

  private outside(path: string): ApiError {
    return forbidden(`${path} is outside the run roots; only files there can be registered by path.`);
  }
}
