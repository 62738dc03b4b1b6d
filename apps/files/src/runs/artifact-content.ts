import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { LocallyCachedBlobs } from '@simvault/blobs';
import { runFileKey } from '@simvault/contracts';
import { ApiError, type ByteRange, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import { VerifyingStream } from '../content/verifying-stream';
import { ArtifactStore } from './artifact-store';
import type { Artifact, IndexedRun } from './run-artifacts.repository';
import { BlobFormatError, BlobNotFoundError, openBlob } from './sqlite-blob';

/** An artifact's bytes, ready to stream; or why this server cannot serve them. */
export type ArtifactBytes =
  | {
      available: true;
      size: number;
      open(range?: ByteRange): Promise<Readable>;
      /** Carried bytes in a bucket: the presigned URL a large download redirects to. */
      redirect?(fileName: string): Promise<string | null>;
    }
  | { available: false; status: number; reason: string };

/**
 * Where an indexed artifact's bytes come from: the `data` column of the platform's stored run file
 * (read from its pages, see sqlite-blob.ts), or an external file. A run file names external paths
 * on the machine that ran it, and whoever registered it chose them: so only files under the
 * configured run roots (SIMVAULT_RUN_ROOTS, after resolving links) are ever read, never a path
 * elsewhere on this server. Every download is checked against the indexed size and sha256.
 */
@Injectable()
export class ArtifactContent {
  /** The run store: SQLite reads a run file in place, so one in the bucket is fetched here first. */
  private readonly runFiles: LocallyCachedBlobs;

  constructor(
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    private readonly store: ArtifactStore,
  ) {
    this.runFiles = new LocallyCachedBlobs(config.blobs, 'runs', config.results.runStoreDir);
  }

  /**
   * The run file of `checksum` in this replica's run store, fetched (verified) from the object
   * store when the results service kept it there and this host has no copy; null when neither has it.
   */
  runFileCopy(checksum: string): Promise<string | null> {
    return this.runFiles.localCopy(runFileKey(checksum), { algorithm: 'sha256', hex: checksum });
  }

  async locate(artifact: Artifact, run: Pick<IndexedRun, 'runFile' | 'checksum'>): Promise<ArtifactBytes> {
    const what = `Artifact ${JSON.stringify(artifact.name)} of run ${artifact.executionId}`;
    const runFile =
      artifact.storage === 'inline' ? ((await this.runFileCopy(run.checksum)) ?? run.runFile) : run.runFile;
    const digest = artifact.sha256 ? { algorithm: 'sha256', hex: artifact.sha256 } : null;
    const verified = (source: Readable) =>
      pipeline(source, new VerifyingStream(what, artifact.size, digest), () => undefined);
    if (artifact.storage === 'inline') {
      let blob;
      try {
        blob = openBlob(runFile, 'artifacts', 'data', artifact.artifactId);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'SQLITE_CANTOPEN' || isAbsent(error)) {
          return unavailable(
            404,
            `${what} was in the run file ${runFile}, which is no longer on this server.`,
          );
        }
        if (error instanceof BlobNotFoundError || error instanceof BlobFormatError) {
          return unavailable(
            409,
            `${what} cannot be read from its run file: ${error.message} Index the run again.`,
          );
        }
        throw error;
      }
      if (blob.size !== artifact.size) {
        return unavailable(
          409,
          `${what} has ${blob.size} bytes in its run file, not the ${artifact.size} indexed; index the run again.`,
        );
      }
      return {
        available: true,
        size: blob.size,
        open: async (range) => (range ? blob.stream(range) : verified(blob.stream())),
      };
    }
    // The platform's copy (uploaded with the run, or taken in from a run root) before the original.
    const carried = artifact.storage === 'external' && digest ? await this.store.size(digest.hex) : null;
    if (carried !== null && carried === artifact.size && digest) {
      const read = async (range?: ByteRange) => {
        const body = await this.store.open(digest.hex, range);
        if (!body) throw new ApiError(404, `${what} is no longer in the artifact store.`);
        return body;
      };
      return {
        available: true,
        size: carried,
        open: async (range) => (range ? read(range) : verified(await read())),
        redirect: (fileName) => this.store.redirect(digest.hex, carried, fileName),
      };
    }
    if (artifact.storage === 'external' && artifact.externalPath) {
      const path = await this.allowed(artifact.externalPath);
      if (!path) {
        return unavailable(
          409,
          `${what} is a file outside the platform (${artifact.externalPath}) whose bytes were not uploaded with the run (simvault push), nor under a run root (SIMVAULT_RUN_ROOTS), so this server does not serve it.`,
        );
      }
      const info = await stat(path).catch(() => null);
      if (!info?.isFile())
        return unavailable(
          404,
          `${what} is an external file (${artifact.externalPath}) that is no longer there.`,
        );
      if (info.size !== artifact.size) {
        return unavailable(
          409,
          `${what} (${artifact.externalPath}) has ${info.size} bytes, not the ${artifact.size} indexed.`,
        );
      }
      return {
        available: true,
        size: info.size,
        open: async (range) =>
          range
            ? createReadStream(path, { ...range, highWaterMark: 1024 * 1024 })
            : verified(createReadStream(path, { highWaterMark: 1024 * 1024 })),
      };
    }
    return unavailable(404, `${what} has no content in its run file (neither data nor external_path).`);
  }

  /** `path` with links resolved, when it lies under a run root; null otherwise (or when it is not there). */
  async allowed(path: string): Promise<string | null> {
    const roots = (
      await Promise.all(this.config.results.runRoots.map((r) => realpath(r).catch(() => null)))
    ).filter((r): r is string => r !== null);
    if (roots.length === 0) return null;
    const real = await realpath(path).catch(() => null);
    if (!real) return null;
    return roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep))
      ? real
      : null;
  }
}

/** For a route: the bytes, or the refusal as an HTTP error. */
export function orRefuse(bytes: ArtifactBytes): Extract<ArtifactBytes, { available: true }> {
  if (!bytes.available) throw new ApiError(bytes.status, bytes.reason);
  return bytes;
}

function unavailable(status: number, reason: string): ArtifactBytes {
  return { available: false, status, reason };
}

function isAbsent(error: unknown): boolean {
  return (
    (error as NodeJS.ErrnoException)?.code === 'ENOENT' ||
    /unable to open|does not exist/i.test(String((error as Error)?.message))
  );
}
