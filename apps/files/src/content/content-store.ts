import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  BlobSizeMismatchError,
  BlobTooLargeError,
  DigestMismatchError,
  downloadRedirect,
  openBlobStore,
  verifyBody,
  type BlobStore,
} from '@simvault/blobs';
import {
  BufferTooLargeError,
  declaredLength,
  InvalidInputError,
  NODE_HASH,
  parseChecksum,
} from '@simvault/buffers';
import {
  ApiError,
  badRequest,
  type BufferHash,
  type ByteRange,
  SIMVAULT_CONFIG,
  type SimvaultConfig,
} from '@simvault/core';
import type { Request } from 'express';
import { VerifyingStream } from './verifying-stream';

export interface StoredContent {
  checksum: string;
  size: number;
  /** False when the store already held these bytes (the upload was verified and not written). */
  created: boolean;
}

/** Spooled uploads older than this were cut off by a crash (an upload in progress is never this slow). */
const STALE_SPOOL_MS = 24 * 3600_000;

/**
 * Uploaded file content, kept by checksum (the buffer hash, key `<cs[0:2]>/<cs>`) in the blob store
 * for `files`: SIMVAULT_FILES_CONTENT_DIR, or `<prefix>/files/` of the bucket when SIMVAULT_BLOB_URL
 * is set. The same bytes uploaded twice are stored once. Apart from the cache app's buffers: an
 * admin deleting a Seamless buffer there never removes the bytes of a file. The store needs the checksum before it writes; a client that sends it (`checksum`)
 * has its body streamed straight in, otherwise the body is first spooled to a temporary file while
 * it is hashed (one more copy on disk, never in memory).
 */
@Injectable()
export class ContentStore implements OnApplicationBootstrap {
  readonly hash: BufferHash;
  private readonly spoolDir: string;
  private readonly store: BlobStore;
  private readonly maxBytes: number;

  constructor(@Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig) {
    this.hash = config.buffers.hash;
    this.store = openBlobStore(config.blobs, 'files', config.files.contentDir);
    this.maxBytes = config.files.maxUploadBytes;
    this.spoolDir = join(config.dataDir, 'files-uploads');
  }

  /** Removes what a crash left in the spool directory. */
  async onApplicationBootstrap(): Promise<void> {
    const before = Date.now() - STALE_SPOOL_MS;
    for (const name of await readdir(this.spoolDir).catch(() => [] as string[])) {
      if (!name.endsWith('.part')) continue;
      const path = join(this.spoolDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < before) await rm(path, { force: true });
    }
  }

  /** The Node name of the store's hash and a checksum, as a digest the downloads are checked against. */
  digestOf(checksum: string) {
    return { algorithm: NODE_HASH[this.hash], hex: checksum };
  }

  /** Refuses a body announced as too large, before reading it (the routes are @RawBody()). */
  precheck(req: Request): void {
    const length = declaredLength(req);
    if (length !== undefined && length > this.maxBytes) throw asTooLarge(this.tooLarge());
  }

  private tooLarge(): BufferTooLargeError {
    return new BufferTooLargeError(this.maxBytes, 'SIMVAULT_FILES_MAX_UPLOAD_BYTES');
  }

  async receive(req: Request, checksum?: string): Promise<StoredContent> {
    this.precheck(req);
    try {
      if (checksum !== undefined) return await this.keep(parseChecksum(checksum), req);
      return await this.spool(req);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof BufferTooLargeError || error instanceof BlobTooLargeError) {
        throw asTooLarge(this.tooLarge());
      }
      if (error instanceof DigestMismatchError || error instanceof BlobSizeMismatchError) {
        throw badRequest(error.message);
      }
      if (error instanceof InvalidInputError) throw badRequest(`Invalid request: ${error.message}.`);
      if (req.destroyed || req.readableAborted) {
        throw badRequest('The upload ended before its body did; nothing was stored.');
      }
      throw error;
    }
  }

  /**
   * The bytes, checked against `size` and the checksum as they stream (content that no longer
   * matches ends in an error, never in a complete wrong file); null when they are not stored.
   */
  async open(checksum: string, size: number): Promise<Readable | null> {
    const body = await this.store.get(keyOf(checksum));
    if (!body) return null;
    const verifier = new VerifyingStream(`Content ${checksum}`, size, this.digestOf(checksum));
    return pipeline(body, verifier, () => undefined);
  }

  /** The presigned URL a download of this content redirects to, when it is large and in a bucket. */
  redirect(checksum: string, size: number, fileName: string): Promise<string | null> {
    return downloadRedirect(this.config.blobs, this.store, keyOf(checksum), size, fileName);
  }

  /** Some of the bytes (unverified: the checksum is of the whole), or null when they are not stored. */
  openRange(checksum: string, range: ByteRange): Promise<Readable | null> {
    return this.store.get(keyOf(checksum), range);
  }

  /** Stores a body whose checksum is known; one already stored is only verified. */
  private async keep(checksum: string, body: AsyncIterable<Uint8Array>): Promise<StoredContent> {
    const expectedDigest = this.digestOf(checksum);
    const key = keyOf(checksum);
    const stored = await this.store.stat(key);
    if (stored) {
      await verifyBody(body, expectedDigest, this.maxBytes);
      return { checksum, size: stored.size, created: false };
    }
    const put = await this.store.put(key, body, { expectedDigest, maxBytes: this.maxBytes });
    return { checksum, size: put.size, created: true };
  }

  private async spool(req: Request): Promise<StoredContent> {
    await mkdir(this.spoolDir, { recursive: true });
    const temp = join(this.spoolDir, `${randomUUID()}.part`);
    const hasher = createHash(NODE_HASH[this.hash]);
    const handle = await open(temp, 'wx', 0o600);
    try {
      try {
        // The store's size rule, applied while spooling (before the store sees the bytes).
        let size = 0;
        for await (const chunk of req as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > this.maxBytes) throw this.tooLarge();
          hasher.update(chunk);
          await handle.write(chunk);
        }
      } finally {
        await handle.close();
      }
      return await this.keep(hasher.digest('hex'), createReadStream(temp, { highWaterMark: 1024 * 1024 }));
    } finally {
      await rm(temp, { force: true });
    }
  }
}

/** The store's size refusal as the API's 413. */
function asTooLarge(error: unknown): unknown {
  return error instanceof BufferTooLargeError ? new ApiError(413, error.message) : error;
}

/** A content's blob key: its path in the content directory, as the buffer-store layout had it. */
function keyOf(checksum: string): string {
  return `${checksum.slice(0, 2)}/${checksum}`;
}
