import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { SIMVAULT_CONFIG, type BlobSettings, type SimvaultConfig } from '@simvault/core';
import {
  makeSelfContained,
  readRunFileInWorker,
  RunFileError,
  sha256File,
  snapshotRunFile,
  type RunFileContents,
  type RunFileReadLimits,
} from '@simvault/run-db';
import { downloadRedirect, LocallyCachedBlobs, type BlobStore } from '@simvault/blobs';
import { runFileKey, runFilePath } from '@simvault/contracts';

/** A run file the platform now holds, and what it says. */
export interface StoredRun {
  contents: RunFileContents;
  /** `<run store>/<cs[0:2]>/<cs>.db` */
  path: string;
  checksum: string;
  sizeBytes: number;
  /** False when the store already held this exact file. */
  created: boolean;
}

/**
 * The platform's own copies of registered run files, stored by sha256 under the run store directory
 * (config.results.runStoreDir), each written to a temporary file first and renamed into place. A
 * file is checked (the run-database format's schema, an intact database holding one run) and read
 * on a worker thread before it is kept.
 *
 * With an object store configured (SIMVAULT_BLOB_URL), every kept file is also put, verified, under
 * `<prefix>/runs/<cs[0:2]>/<cs>.db`, the object store's copy being the one every replica shares;
 * the local directory is then this replica's copy, fetched back from the bucket when it lacks a file
 * (SQLite reads run files in place, so a local file is still what readers open).
 */
@Injectable()
export class RunFileStore {
  readonly dir: string;
  readonly maxBytes: number;
  /** The caps on reading a run file on a worker thread (registration and the metrics/logs routes). */
  readonly readLimits: RunFileReadLimits;
  private readonly copies: LocallyCachedBlobs;
  /** The shared object store, or null when the local directory is the only copy. */
  private readonly shared: BlobStore | null;
  private readonly blobSettings: BlobSettings;

  constructor(@Inject(SIMVAULT_CONFIG) config: SimvaultConfig) {
    this.dir = config.results.runStoreDir;
    this.blobSettings = config.blobs;
    this.copies = new LocallyCachedBlobs(config.blobs, 'runs', this.dir);
    this.shared = this.copies.shared;
    this.maxBytes = config.results.maxRunFileBytes;
    this.readLimits = {
      timeoutMs: config.results.runFileReadSeconds * 1000,
      maxMemoryMb: config.results.runFileReadMemoryMb,
    };
  }

  pathOf(checksum: string): string {
    return runFilePath(this.dir, checksum);
  }

  /** The blob key of a run file: its path in the run store, relative. */
  private keyOf(checksum: string): string {
    return runFileKey(checksum);
  }

  /**
   * The local path of a kept run file, fetched (verified against its checksum) from the object
   * store when this replica has no copy yet; null when no store holds it.
   */
  localCopy(checksum: string): Promise<string | null> {
    return this.copies.localCopy(this.keyOf(checksum), { algorithm: 'sha256', hex: checksum });
  }

  /**
   * The presigned URL a download of a kept run file redirects to (SIMVAULT_BLOB_REDIRECT_BYTES):
   * only when the object store holds the shared copy and the file is large; null otherwise.
   */
  redirect(checksum: string, size: number, fileName: string): Promise<string | null> {
    if (!this.shared) return Promise.resolve(null);
    return downloadRedirect(this.blobSettings, this.shared, this.keyOf(checksum), size, fileName);
  }

  async tempPath(): Promise<string> {
    const dir = join(this.dir, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, `${randomUUID()}.part`);
  }

  /** Writes an upload to a temporary file, refusing it past the size limit; answers the file. */
  async receive(body: Readable): Promise<string> {
    const temp = await this.tempPath();
    let size = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit)
          done(
            new RunFileError('too_large', `The upload is more than the ${limit} bytes a run file may have.`),
          );
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(temp, { mode: 0o600 }));
    } catch (error) {
      await rm(temp, { force: true });
      if (error instanceof RunFileError) throw error;
      throw new RunFileError(
        'unreadable',
        `The upload ended before the whole file arrived (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    if (size === 0) {
      await rm(temp, { force: true });
      throw new RunFileError('not_sqlite', 'The upload is empty: send the run file as the request body.');
    }
    return temp;
  }

  /**
   * Takes a run file into the store: a consistent snapshot of a file in a run root (`copy`), or an
   * upload already in a temporary file of the store (moved). Checks it, hashes it, renames it into
   * place. Nothing is left behind when the file is refused.
   */
  async import(source: string, mode: 'copy' | 'move'): Promise<StoredRun> {
    let temp = source;
    try {
      if (mode === 'copy') {
        temp = await this.tempPath();
        await snapshotRunFile(source, temp);
      } else {
        makeSelfContained(temp);
      }
      const contents = await readRunFileInWorker(temp, this.readLimits);
      const digest = await sha256File(temp);
      const path = this.pathOf(digest.sha256);
      await mkdir(join(this.dir, digest.sha256.slice(0, 2)), { recursive: true });
      const created = !(await exists(path));
      if (created) await rename(temp, path);
      else await rm(temp, { force: true });
      await this.share(digest.sha256, path);
      return { contents, path, checksum: digest.sha256, sizeBytes: digest.sizeBytes, created };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Puts a kept file into the object store unless it is there already (another replica's, same bytes). */
  private async share(checksum: string, path: string): Promise<void> {
    if (!this.shared || (await this.shared.exists(this.keyOf(checksum)))) return;
    await this.shared.put(this.keyOf(checksum), createReadStream(path, { highWaterMark: 1024 * 1024 }), {
      expectedDigest: { algorithm: 'sha256', hex: checksum },
    });
  }

  /** Removes a file this registration added, when the registration did not complete. */
  async discard(stored: StoredRun): Promise<void> {
    if (!stored.created) return;
    await rm(stored.path, { force: true });
    await this.shared?.delete(this.keyOf(stored.checksum));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
