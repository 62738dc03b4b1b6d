import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What a store knows of one stored object. */
export interface BlobInfo {
  key: string;
  size: number;
  modified: Date;
}

/** A digest the bytes must have: a Node hash name (`sha256`, `sha3-256`) and its hex value. */
export interface ExpectedDigest {
  algorithm: string;
  hex: string;
}

export interface PutOptions {
  /** Checked before the object is published: a mismatch stores nothing (DigestMismatchError). */
  expectedDigest?: ExpectedDigest;
  /** The hash computed on the way in when no digest is expected (default sha256). */
  algorithm?: string;
  /** The announced length: refused before any byte is read when over `maxBytes`, checked at the end. */
  size?: number;
  /** The largest object accepted (BlobTooLargeError as soon as the body grows past it). */
  maxBytes?: number;
}

export interface PutResult {
  key: string;
  size: number;
  /** The hex digest of what was stored (`expectedDigest.algorithm`, else `algorithm`, else sha256). */
  digest: string;
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface BlobRange {
  start: number;
  end: number;
}

export interface ListPage {
  items: BlobInfo[];
  /** Pass as `after` to get the next page; absent on the last one. */
  next?: string;
}

/**
 * Where the platform keeps bytes by key (a relative, slash-separated path): a local directory or an
 * S3-compatible bucket. Every write streams (no whole object in memory) and is atomic: a reader sees
 * the complete, verified object or nothing, and a failed or refused upload leaves nothing behind.
 */
export interface BlobStore {
  /** What the store is, for logs and `doctor` (never a credential). */
  readonly description: string;
  readonly kind: 'local' | 's3';
  put(key: string, body: AsyncIterable<Uint8Array>, options?: PutOptions): Promise<PutResult>;
  /** The object's bytes (or the range of them), or null when there is no such object. */
  get(key: string, range?: BlobRange): Promise<Readable | null>;
  stat(key: string): Promise<BlobInfo | null>;
  exists(key: string): Promise<boolean>;
  /** Answers whether there was such an object. */
  delete(key: string): Promise<boolean>;
  /** Objects whose key starts with `prefix`, in key order, `limit` (default 1000) at a time. */
  list(prefix: string, options?: { after?: string; limit?: number }): Promise<ListPage>;
  /** A URL anyone can GET the object from for a while, where the store can make one (S3); else null. */
  presignedGetUrl(
    key: string,
    options?: { expiresSeconds?: number; fileName?: string },
  ): Promise<string | null>;
  /** The object's path on this machine's disk, where it has one (the local store); else null. */
  localPath(key: string): string | null;
}

export class DigestMismatchError extends Error {
  constructor(
    readonly expected: ExpectedDigest,
    readonly actual: string,
  ) {
    super(`The body's ${expected.algorithm} digest is ${actual}, not ${expected.hex}; nothing was stored.`);
    this.name = 'DigestMismatchError';
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The upload is more than the ${maxBytes} bytes this store accepts; nothing was stored.`);
    this.name = 'BlobTooLargeError';
  }
}

export class BlobSizeMismatchError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The body has ${actual} bytes, not the ${expected} announced; nothing was stored.`);
    this.name = 'BlobSizeMismatchError';
  }
}

export class InvalidBlobKeyError extends Error {
  constructor(key: string, why: string) {
    super(`"${key}" is not a blob key: ${why}.`);
    this.name = 'InvalidBlobKeyError';
  }
}

const KEY_SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * A key is relative slash-separated segments of letters, digits, `.`, `_`, `-` (no `.` or `..`
 * segment): the same object name on disk and in a bucket, and never a way out of the store.
 */
export function checkKey(key: string): string {
  if (key.length === 0 || key.length > 1024)
    throw new InvalidBlobKeyError(key, 'it must have 1 to 1024 characters');
  for (const segment of key.split('/')) {
    if (!KEY_SEGMENT.test(segment) || segment === '.' || segment === '..')
      throw new InvalidBlobKeyError(
        key,
        'each segment must be letters, digits, ".", "_" or "-", and not "." or ".."',
      );
  }
  return key;
}

/** A list prefix: a key's beginning (empty lists everything). */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/**
 * `body`, hashed and counted on the way through, refused as soon as it passes `maxBytes`; `done()`
 * then checks the announced size and the expected digest and answers the digest.
 */
export class MeteredBody {
  size = 0;
  private readonly hasher;

  constructor(
    private readonly options: PutOptions,
    createHasher: (algorithm: string) => {
      update(chunk: Uint8Array): unknown;
      digest(encoding: 'hex'): string;
    },
  ) {
    if (options.size !== undefined && options.maxBytes !== undefined && options.size > options.maxBytes)
      throw new BlobTooLargeError(options.maxBytes);
    this.hasher = createHasher(options.expectedDigest?.algorithm ?? options.algorithm ?? 'sha256');
  }

  async *through(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const max = this.options.maxBytes;
    for await (const chunk of body) {
      this.size += chunk.length;
      if (max !== undefined && this.size > max) throw new BlobTooLargeError(max);
      this.hasher.update(chunk);
      yield chunk;
    }
  }

  done(): string {
    const digest = this.hasher.digest('hex');
    if (this.options.size !== undefined && this.options.size !== this.size)
      throw new BlobSizeMismatchError(this.options.size, this.size);
    const expected = this.options.expectedDigest;
    if (expected && expected.hex.toLowerCase() !== digest) throw new DigestMismatchError(expected, digest);
    return digest;
  }
}

/**
 * Reads a body to its end, checking its size limit and digest without storing it (for bytes a
 * store already holds, so they are not written again): throws what a put of it would have thrown.
 */
export async function verifyBody(
  body: AsyncIterable<Uint8Array>,
  expectedDigest: ExpectedDigest,
  maxBytes?: number,
): Promise<void> {
  const metered = new MeteredBody({ expectedDigest, maxBytes }, createHash);
  for await (const chunk of metered.through(body)) void chunk;
  metered.done();
}
