import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  BlobSizeMismatchError,
  BlobTooLargeError,
  DigestMismatchError,
  downloadRedirect,
  openBlobStore,
  verifyBody,
  type BlobRange,
  type BlobStore,
} from '@simvault/blobs';
import { BufferTooLargeError, declaredLength, parseChecksum } from '@simvault/buffers';
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
/** `<cs[0:2]>/<cs>`: the key of a stored artifact. */
const ARTIFACT_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

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
 * The platform's copies of runs' external artifacts, kept by sha256 (key `<cs[0:2]>/<cs>`) in the
 * blob store for `artifacts`: SIMVAULT_FILES_ARTIFACT_DIR, or `<prefix>/artifacts/` of the bucket
 * when SIMVAULT_BLOB_URL is set, so every replica sees what any of them took in. The same bytes are stored once, whatever run names them, and a
 * download of a run's external artifact is served from here before any run root is looked at. Bytes
 * arrive uploaded (whole, or in Content-Range parts that a client may resume after a cut) or taken
 * in from a run root when a run is indexed; either way they are stored only when they hash to the
 * digest they are stored under. The parts of a resumable upload are staged in this replica's
 * `<artifact dir>/.uploads` (a client resumes against the replica that holds them); only the
 * complete, verified whole goes to the blob store.
 */
@Injectable()
export class ArtifactStore implements OnApplicationBootstrap {
  private readonly blobs: BlobStore;
  private readonly partsDir: string;
  private readonly maxBytes: number;
  private readonly blobSettings: SimvaultConfig['blobs'];
  /** One write at a time per artifact in this process: parts of one upload must not interleave. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {
    this.blobs = openBlobStore(config.blobs, 'artifacts', config.files.artifactDir);
    this.partsDir = join(config.files.artifactDir, PARTS);
    this.maxBytes = config.files.maxUploadBytes;
    this.blobSettings = config.blobs;
  }

  async onApplicationBootstrap(): Promise<void> {
    await mkdir(this.partsDir, { recursive: true });
    const before = Date.now() - STALE_PART_MS;
    for (const name of await readdir(this.partsDir).catch(() => [] as string[])) {
      const path = join(this.partsDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < before) await rm(path, { force: true });
    }
  }

  /** The size of the stored bytes of `sha256`; null when they are not stored. */
  async size(sha256: string): Promise<number | null> {
    return (await this.blobs.stat(keyOf(sha256)))?.size ?? null;
  }

  /** The presigned URL a download of these bytes redirects to, when they are large and in a bucket. */
  redirect(sha256: string, size: number, fileName: string): Promise<string | null> {
    return downloadRedirect(this.blobSettings, this.blobs, keyOf(sha256), size, fileName);
  }

  /** The stored bytes of `sha256` (or a range of them); null when they are not stored. */
  open(sha256: string, range?: BlobRange): Promise<Readable | null> {
    return this.blobs.get(keyOf(sha256), range);
  }

  /**
   * The stored artifacts last written before `before`, a page of keys at a time, in key order
   * (the staging directory of resumable uploads is not an artifact).
   */
  async *storedBefore(before: Date): AsyncGenerator<{ sha256: string; size: number }[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.blobs.list('', { after, limit: 500 });
      const old = page.items.filter((i) => ARTIFACT_KEY.test(i.key) && i.modified < before);
      if (old.length > 0) yield old.map((i) => ({ sha256: i.key.slice(3), size: i.size }));
      if (!page.next) return;
      after = page.next;
    }
  }

  /** Deletes the stored bytes of `sha256`, unless an upload of them is under way in this process. */
  async remove(sha256: string): Promise<boolean> {
    if (this.writing.has(sha256)) return false;
    return this.blobs.delete(keyOf(sha256));
  }

  async state(checksum: string): Promise<ArtifactState> {
    const sha256 = this.checksum(checksum);
    const size = await this.size(sha256);
    if (size !== null) return { sha256, stored: true, size, offset: size, created: false };
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
      const stored = await this.size(sha256);
      if (stored !== null && (length === 0 || range)) {
        req.resume();
        return { sha256, stored: true, size: stored, offset: stored, created: false };
      }
      try {
        this.checkLength(range?.total ?? length);
        if (range === undefined) {
          if (stored !== null) {
            // Already stored: the body is checked, not written again (an object store charges a PUT).
            await verifyBody(req, { algorithm: 'sha256', hex: sha256 }, this.maxBytes);
            return { sha256, stored: true, size: stored, offset: stored, created: false };
          }
          const put = await this.blobs.put(keyOf(sha256), req, this.putOptions(sha256, length));
          await rm(this.partPath(sha256), { force: true });
          return { sha256, stored: true, size: put.size, offset: put.size, created: true };
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
    if (await this.blobs.exists(keyOf(sha256))) return false;
    try {
      const body = createReadStream(path, { highWaterMark: 1024 * 1024 });
      await this.blobs.put(keyOf(sha256), body, this.putOptions(sha256));
      return true;
    } catch (error) {
      this.logger.warn(
        { sha256, err: error instanceof Error ? error.message : String(error) },
        'an external artifact was not taken into the artifact store',
      );
      return false;
    }
  }

  private async receivePart(sha256: string, req: Readable, range: UploadRange): Promise<ArtifactState> {
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
    let put;
    try {
      const body = createReadStream(part, { highWaterMark: 1024 * 1024 });
      put = await this.blobs.put(keyOf(sha256), body, this.putOptions(sha256, size));
    } catch (error) {
      if (!(error instanceof DigestMismatchError)) throw error;
      await rm(part, { force: true });
      throw badRequest(
        `The ${size} bytes uploaded do not hash to ${sha256}; nothing was stored, start the upload again.`,
      );
    }
    await rm(part, { force: true });
    return { sha256, stored: true, size: put.size, offset: put.size, created: true };
  }

  private putOptions(sha256: string, size?: number) {
    return { expectedDigest: { algorithm: 'sha256', hex: sha256 }, size, maxBytes: this.maxBytes };
  }

  /** Refuses, before any byte is read, an upload announced larger than SIMVAULT_FILES_MAX_UPLOAD_BYTES. */
  private checkLength(length: number | undefined): void {
    if (length !== undefined && length > this.maxBytes) {
      throw new BufferTooLargeError(this.maxBytes, 'SIMVAULT_FILES_MAX_UPLOAD_BYTES');
    }
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
    if (error instanceof BlobTooLargeError || error instanceof BufferTooLargeError) {
      return new ApiError(413, error.message);
    }
    if (error instanceof DigestMismatchError || error instanceof BlobSizeMismatchError) {
      return badRequest(error.message);
    }
    if (req.destroyed || req.readableAborted) {
      return badRequest('The upload ended before its body did; nothing was stored.');
    }
    return error;
  }
}

/** An artifact's blob key: its path in the artifact directory, as the buffer-store layout had it. */
function keyOf(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`;
}
