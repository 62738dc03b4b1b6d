import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  BufferStore,
  BufferTooLargeError,
  ChecksumMismatchError,
  declaredLength,
  parseChecksum,
} from '@simvault/buffers';
import {
  ApiError,
  badRequest,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import type { Request } from 'express';

/** The platform's copy of an artifact, or how much of an interrupted upload of it has arrived. */
export interface ArtifactState {
  sha256: string;
  stored: boolean;
  /** The stored bytes' size; null while not stored. */
  size: number | null;
  /** Bytes of a resumable upload received so far (0 when none is under way); the size once stored. */
  offset: number;
  /** True when this request stored the bytes (false: they were there already, or are not complete). */
  created: boolean;
}

/** A `Content-Range: bytes <first>-<last>/<total>` of a resumable upload. */
export interface UploadRange {
  first: number;
  last: number;
  total: number;
}

/** Parts of an upload not completed for this long were abandoned (a resumed one writes again at once). */
const STALE_PART_MS = 7 * 24 * 3600_000;
const PARTS = '.uploads';

/** Parses a Content-Range header; undefined when there is none. */
export function parseUploadRange(header: string | undefined): UploadRange | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^bytes (\d{1,16})-(\d{1,16})\/(\d{1,16})$/.exec(header.trim());
  if (!match) {
    throw badRequest(
      `Content-Range must be "bytes <first>-<last>/<total>" (e.g. bytes 0-1048575/5000000), not ${JSON.stringify(header)}.`,
    );
  }
  const [first, last, total] = match.slice(1).map(Number);
  if (last < first || last >= total) {
    throw badRequest(`Content-Range ${header} is not a range of a ${total}-byte artifact.`);
  }
  return { first, last, total };
}

/**
 * The platform's copies of runs' external artifacts (SIMVAULT_FILES_ARTIFACT_DIR), kept by sha256
 * in the buffer store's format: the same bytes are stored once, whatever run names them, and a
 * download of a run's external artifact is served from here before any run root is looked at. Bytes
 * arrive uploaded (whole, or in Content-Range parts that a client may resume after a cut) or taken
 * in from a run root when a run is indexed; either way they are stored only when they hash to the
 * digest they are stored under.
 */
@Injectable()
export class ArtifactStore implements OnApplicationBootstrap {
  private opening: Promise<BufferStore> | undefined;
  private readonly partsDir: string;
  /** One write at a time per artifact in this process: parts of one upload must not interleave. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {
    this.partsDir = join(config.files.artifactDir, PARTS);
  }

  /** The store, opened on first use: a queued indexing may need it before this provider's start-up hook ran. */
  private store(): Promise<BufferStore> {
    this.opening ??= BufferStore.open({
      dir: this.config.files.artifactDir,
      hash: 'sha-256',
      maxBytes: this.config.files.maxUploadBytes,
      maxBytesSetting: 'SIMVAULT_FILES_MAX_UPLOAD_BYTES',
      logger: this.logger.child({ component: 'artifacts' }),
    }).catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store();
    await mkdir(this.partsDir, { recursive: true });
    const before = Date.now() - STALE_PART_MS;
    for (const name of await readdir(this.partsDir).catch(() => [] as string[])) {
      const path = join(this.partsDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < before) await rm(path, { force: true });
    }
  }

  /** Where the stored bytes of `sha256` are, and how many; null when they are not stored. */
  async locate(sha256: string): Promise<{ path: string; size: number } | null> {
    const found = await (await this.store()).locate(sha256);
    if (!found) return null;
    const info = await stat(found.path).catch(() => null);
    return info?.isFile() ? { path: found.path, size: info.size } : null;
  }

  async state(checksum: string): Promise<ArtifactState> {
    const sha256 = this.checksum(checksum);
    const stored = await this.locate(sha256);
    if (stored) return { sha256, stored: true, size: stored.size, offset: stored.size, created: false };
    return { sha256, stored: false, size: null, offset: await this.partSize(sha256), created: false };
  }

  /**
   * PUT /artifacts/{sha256}: the whole artifact, or (with a Content-Range) the next part of it. An
   * artifact already stored needs no body: an empty one is answered at once.
   */
  receive(checksum: string, req: Request, range: UploadRange | undefined): Promise<ArtifactState> {
    const sha256 = this.checksum(checksum);
    return this.serially(sha256, async () => {
      const length = declaredLength(req);
      const stored = await this.locate(sha256);
      if (stored && (length === 0 || range)) {
        req.resume();
        return { sha256, stored: true, size: stored.size, offset: stored.size, created: false };
      }
      try {
        if (range === undefined) {
          const store = await this.store();
          store.checkLength(length);
          const put = await store.put(sha256, req);
          await rm(this.partPath(sha256), { force: true });
          return { sha256, stored: true, size: put.length, offset: put.length, created: put.created };
        }
        return await this.receivePart(sha256, req, range);
      } catch (error) {
        throw this.asHttpError(error, req);
      }
    });
  }

  /**
   * Takes in the file of an external artifact found under a run root, when the store does not
   * hold it yet. A file that does not hash to the digest its run file recorded is not stored.
   */
  async ingest(sha256: string, path: string): Promise<boolean> {
    if (await this.locate(sha256)) return false;
    try {
      const store = await this.store();
      return (await store.put(sha256, createReadStream(path, { highWaterMark: 1024 * 1024 }))).created;
    } catch (error) {
      this.logger.warn(
        { sha256, err: error instanceof Error ? error.message : String(error) },
        'an external artifact was not taken into the artifact store',
      );
      return false;
    }
  }

  private async receivePart(sha256: string, req: Readable, range: UploadRange): Promise<ArtifactState> {
    const store = await this.store();
    store.checkLength(range.total);
    await mkdir(this.partsDir, { recursive: true });
    const part = this.partPath(sha256);
    const offset = await this.partSize(sha256);
    if (range.first !== offset) {
      req.resume();
      throw new ApiError(
        409,
        `This upload of ${sha256} has ${offset} bytes so far: send the part that starts at byte ${offset}.`,
        { offset },
      );
    }
    const expected = range.last - range.first + 1;
    const handle = await open(part, 'a', 0o600);
    let received = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        const room = expected - received;
        if (chunk.length > room) {
          if (room > 0) await handle.write(chunk.subarray(0, room));
          received = expected + 1;
          break;
        }
        await handle.write(chunk);
        received += chunk.length;
      }
    } finally {
      await handle.close();
    }
    if (received !== expected) {
      // What arrived of a short part stays (the client resumes after it); too long a part is undone.
      const kept = received > expected ? offset : offset + received;
      await truncate(part, kept).catch(() => undefined);
      if (received > expected) {
        throw badRequest(`The body holds more than the ${expected} bytes its Content-Range announces.`);
      }
      throw badRequest(
        `The body ended after ${received} of the ${expected} bytes its Content-Range announces; resume at byte ${kept}.`,
        { offset: kept },
      );
    }
    const size = offset + received;
    if (size < range.total) return { sha256, stored: false, size: null, offset: size, created: false };
    const digest = createHash('sha256');
    for await (const chunk of createReadStream(part, { highWaterMark: 1024 * 1024 })) digest.update(chunk);
    if (digest.digest('hex') !== sha256) {
      await rm(part, { force: true });
      throw badRequest(
        `The ${size} bytes uploaded do not hash to ${sha256}; nothing was stored, start the upload again.`,
      );
    }
    const put = await store.put(sha256, createReadStream(part, { highWaterMark: 1024 * 1024 }));
    await rm(part, { force: true });
    return { sha256, stored: true, size: put.length, offset: put.length, created: put.created };
  }

  private checksum(value: string): string {
    try {
      return parseChecksum(value, 'sha256');
    } catch (error) {
      throw badRequest(`Invalid request: ${(error as Error).message}.`);
    }
  }

  private partPath(sha256: string): string {
    return join(this.partsDir, `${sha256}.part`);
  }

  private async partSize(sha256: string): Promise<number> {
    return (await stat(this.partPath(sha256)).catch(() => null))?.size ?? 0;
  }

  private async serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.writing.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    this.writing.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.writing.get(key) === mine) this.writing.delete(key);
    }
  }

  private asHttpError(error: unknown, req: Request): unknown {
    if (error instanceof ApiError) return error;
    if (error instanceof BufferTooLargeError) return new ApiError(413, error.message);
    if (error instanceof ChecksumMismatchError) return badRequest(error.message);
    if (req.destroyed || req.readableAborted) {
      return badRequest('The upload ended before its body did; nothing was stored.');
    }
    return error;
  }
}
