import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  BufferStore,
  BufferTooLargeError,
  ChecksumMismatchError,
  declaredLength,
  InvalidInputError,
  NODE_HASH,
  parseChecksum,
  type OpenBuffer,
} from '@simvault/buffers';
import { ApiError, badRequest, SIMVAULT_CONFIG, type BufferHash, type SimvaultConfig } from '@simvault/core';
import type { Request } from 'express';
import type { ByteRange } from '../http/send-content';

export interface StoredContent {
  checksum: string;
  size: number;
  /** False when the buffer store already held these bytes (the upload was verified and not written). */
  created: boolean;
}

/** Spooled uploads older than this were cut off by a crash (an upload in progress is never this slow). */
const STALE_SPOOL_MS = 24 * 3600_000;

/**
 * Uploaded file content, kept in the buffer store by checksum: the same bytes uploaded twice are
 * stored once. The store needs the checksum before it writes; a client that sends it (`checksum`)
 * has its body streamed straight in, otherwise the body is first spooled to a temporary file while
 * it is hashed (one more copy on disk, never in memory).
 */
@Injectable()
export class ContentStore implements OnApplicationBootstrap {
  readonly hash: BufferHash;
  private readonly spoolDir: string;

  constructor(
    private readonly store: BufferStore,
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
  ) {
    this.hash = store.hash;
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
    try {
      this.store.checkLength(declaredLength(req));
    } catch (error) {
      throw asTooLarge(error);
    }
  }

  async receive(req: Request, checksum?: string): Promise<StoredContent> {
    this.precheck(req);
    try {
      if (checksum !== undefined) {
        const result = await this.store.put(parseChecksum(checksum), req);
        return { checksum: result.checksum, size: result.length, created: result.created };
      }
      return await this.spool(req);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof BufferTooLargeError) throw asTooLarge(error);
      if (error instanceof ChecksumMismatchError) throw badRequest(error.message);
      if (error instanceof InvalidInputError) throw badRequest(`Invalid request: ${error.message}.`);
      if (req.destroyed || req.readableAborted) {
        throw badRequest('The upload ended before its body did; nothing was stored.');
      }
      throw error;
    }
  }

  open(checksum: string): Promise<OpenBuffer | null> {
    return this.store.read(checksum);
  }

  /** Some of the bytes (unverified: the checksum is of the whole), or null when they are not stored. */
  async openRange(checksum: string, range: ByteRange): Promise<Readable | null> {
    const stored = await this.store.locate(checksum);
    if (!stored) return null;
    return createReadStream(stored.path, { ...range, highWaterMark: 1024 * 1024 });
  }

  private async spool(req: Request): Promise<StoredContent> {
    await mkdir(this.spoolDir, { recursive: true });
    const temp = join(this.spoolDir, `${randomUUID()}.part`);
    const hasher = createHash(NODE_HASH[this.hash]);
    const handle = await open(temp, 'wx', 0o600);
    try {
      try {
        // The store's size rule, applied while spooling (before the store sees the bytes).
        for await (const chunk of this.store.limited(req)) {
          hasher.update(chunk);
          await handle.write(chunk);
        }
      } finally {
        await handle.close();
      }
      const result = await this.store.put(hasher.digest('hex'), createReadStream(temp));
      return { checksum: result.checksum, size: result.length, created: result.created };
    } finally {
      await rm(temp, { force: true });
    }
  }
}

/** The store's size refusal as the API's 413. */
function asTooLarge(error: unknown): unknown {
  return error instanceof BufferTooLargeError ? new ApiError(413, error.message) : error;
}
