import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import {
  link,
  mkdir,
  open,
  readdir,
  rename,
  rmdir,
  stat,
  unlink,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { BlobStore } from '@simvault/blobs';
import { STREAM_CHUNK_BYTES, writeBatched } from '@simvault/blobs/write';
import type { BufferHash, BufferSettings } from '@simvault/core';
import { BUFFER_HASHES, NODE_HASH, parseChecksum, parseZone } from './checksum';

/** A buffer's key in the shared object store: the prefix layout's relative path. */
function sharedKey(cs: string): string {
  return `${cs.slice(0, 2)}/${cs}`;
}

/** `prefix`: <dir>/<cs[0:2]>/<cs> (the default); `flat`: <dir>/<cs>. */
export type BufferLayout = 'prefix' | 'flat';
export const BUFFER_LAYOUTS: BufferLayout[] = ['prefix', 'flat'];

/**
 * The reference buffer server writes this file into a prefix-layout directory, and reads it to
 * tell the layout of an extra directory; so a directory either server wrote can be the other's.
 */
export const PREFIX_MARKER = '.HASHSERVER_PREFIX';

/** The largest buffer a store accepts unless told otherwise. */
export const DEFAULT_MAX_BUFFER_BYTES = 10 * 1024 * 1024 * 1024;

/** How many checksums a batch lookup stats at once. */
const LOOKUP_CONCURRENCY = 64;
const TEMP_FILE = /^\.[0-9a-f]{64}\..+\.tmp$/;

export interface BufferStoreOptions {
  /** The main directory: the only one ever written. */
  dir: string;
  /** Read-only directories searched after the main one; each one's layout is read from PREFIX_MARKER. */
  extraDirs?: string[];
  /** Default sha-256. */
  hash?: BufferHash;
  /** Layout of the main directory; default prefix. */
  layout?: BufferLayout;
  /** The file zone these directories live in (see `filename`). */
  zone?: string;
  /** False serves the main directory read-only too. Default true. */
  writable?: boolean;
  /**
   * The largest buffer accepted (DEFAULT_MAX_BUFFER_BYTES unless given): the one size rule for
   * every way bytes enter the store (REST uploads, the hashserver, the file manager).
   */
  maxBytes?: number;
  /** The setting that changes `maxBytes`, named in the refusal (e.g. SIMVAULT_BUFFER_MAX_BYTES). */
  maxBytesSetting?: string;
  /**
   * Whether a buffer found corrupt while read is removed from the main directory, so that lookups
   * stop reporting it (default true). The hashserver keeps it, as the reference does: in a
   * directory shared with other programs, a file that does not match may be one still being
   * written under a lock file. Either way the next upload of the buffer replaces it.
   */
  removeCorrupt?: boolean;
  /** Where a corrupt buffer found while reading is reported (a pino logger fits). */
  logger?: BufferStoreLogger;
  /**
   * The object store every replica shares (SIMVAULT_BLOB_URL, kind `buffers`), when there is one:
   * each buffer stored is also put there, verified, under `<cs[0:2]>/<cs>`; a buffer the main
   * directory lacks is fetched from it (verified) into the main directory the first time it is
   * asked for, so the directories stay what readers, hard links and `verify` work on.
   */
  shared?: BlobStore;
}

export interface BufferStoreLogger {
  warn(details: object, message: string): void;
}

export interface BufferDirectory {
  path: string;
  layout: BufferLayout;
  writable: boolean;
}

export interface StoredBuffer {
  checksum: string;
  path: string;
  size: number;
  directory: BufferDirectory;
}

export interface OpenBuffer extends StoredBuffer {
  /**
   * The bytes, hashed on the way out. The last chunk is held back until the hash is known: a
   * buffer that no longer matches its checksum ends in an error (CorruptBufferError) instead of
   * its last bytes, so a client never receives a complete, wrong buffer.
   */
  stream: Readable;
}

export interface PutResult {
  checksum: string;
  length: number;
  /** False when the store already held the buffer (the upload was verified and discarded). */
  created: boolean;
}

export type FilenameAnswer =
  { found: true; path: string; zone: string } | { found: false; reason: 'absent' | 'no-zone' | 'other-zone' };

export interface VerifyIssue {
  checksum: string;
  path: string;
  /** What the file's content hashes to. */
  actual: string;
  /** In an extra directory, which is never modified (only reported). */
  readOnly: boolean;
  removed: boolean;
}

export interface VerifyReport {
  directories: string[];
  checked: number;
  bytes: number;
  corrupt: VerifyIssue[];
  /** Temporary files of uploads that were interrupted by a crash. */
  staleTemporaryFiles: { path: string; removed: boolean }[];
}

export class ChecksumMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly hash: BufferHash,
  ) {
    super(`The body's ${hash} checksum is ${actual}, not ${expected}; nothing was stored.`);
    this.name = 'ChecksumMismatchError';
  }
}

export class ReadOnlyStoreError extends Error {
  constructor() {
    super('This buffer store is read-only.');
    this.name = 'ReadOnlyStoreError';
  }
}

export class BufferTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    setting?: string,
  ) {
    super(
      `The upload is more than the ${maxBytes} bytes this store accepts${setting ? ` (${setting})` : ''}; nothing was stored.`,
    );
    this.name = 'BufferTooLargeError';
  }
}

export class CorruptBufferError extends Error {
  constructor(
    readonly checksum: string,
    readonly path: string,
    readonly actual: string,
  ) {
    super(`The stored buffer ${path} is corrupt: its content hashes to ${actual}.`);
    this.name = 'CorruptBufferError';
  }
}

/**
 * Content-addressed files on disk. A buffer is written to a temporary file next to its final
 * place while it is hashed, synced, and published only when its hash matches, by a hard link
 * that never replaces an existing file; so readers see a complete, verified buffer or nothing.
 */
/** Told of every buffer a put has verified (stored now or already there); see BufferStore.onStored. */
export type StoredListener = (checksum: string, length: number) => Promise<void>;

export class BufferStore {
  readonly maxBytes: number;
  private readonly storedListeners: StoredListener[] = [];

  private constructor(
    readonly directories: BufferDirectory[],
    readonly hash: BufferHash,
    readonly zone: string | undefined,
    private readonly options: BufferStoreOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BUFFER_BYTES;
  }

  /** Checks the directories (creating the main one when writable) and reads the extra ones' layouts. */
  static async open(options: BufferStoreOptions): Promise<BufferStore> {
    const hash = options.hash ?? 'sha-256';
    if (!BUFFER_HASHES.includes(hash)) {
      throw new Error(`Unknown buffer hash "${hash}": use ${BUFFER_HASHES.join(' or ')}.`);
    }
    const layout = options.layout ?? 'prefix';
    if (!BUFFER_LAYOUTS.includes(layout)) {
      throw new Error(`Unknown buffer layout "${layout}": use ${BUFFER_LAYOUTS.join(' or ')}.`);
    }
    let zone: string | undefined;
    if (options.zone !== undefined) {
      try {
        zone = parseZone(options.zone);
      } catch (error) {
        throw new Error(`The buffer store's file zone is invalid: ${(error as Error).message}.`);
      }
    }
    const writable = options.writable ?? true;
    const main = resolve(options.dir);
    if (writable) {
      await mkdir(main, { recursive: true });
      if (layout === 'prefix')
        await writeFile(join(main, PREFIX_MARKER), '1\n', { flag: 'wx' }).catch(ignore('EEXIST'));
    } else {
      await requireDirectory(main, 'buffer directory');
    }
    const directories: BufferDirectory[] = [{ path: main, layout, writable }];
    for (const extra of options.extraDirs ?? []) {
      const path = resolve(extra);
      if (directories.some((d) => d.path === path)) continue;
      await requireDirectory(path, 'extra buffer directory');
      const prefixed = await stat(join(path, PREFIX_MARKER)).then(
        () => true,
        () => false,
      );
      directories.push({ path, layout: prefixed ? 'prefix' : 'flat', writable: false });
    }
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new Error(`The buffer store's size limit must be a whole number of bytes (got ${maxBytes}).`);
    }
    return new BufferStore(directories, hash, zone, options);
  }

  /** The store Simvault's configuration describes (`config.buffers`). */
  static fromSettings(
    settings: BufferSettings,
    logger?: BufferStoreLogger,
    shared?: BlobStore,
  ): Promise<BufferStore> {
    return BufferStore.open({
      shared,
      dir: settings.dir,
      extraDirs: settings.extraDirs,
      hash: settings.hash,
      zone: settings.zone,
      maxBytes: settings.maxBytes,
      maxBytesSetting: 'SIMVAULT_BUFFER_MAX_BYTES',
      logger,
    });
  }

  /** Refuses a buffer whose announced length (a Content-Length) is over the limit, before any byte is read. */
  checkLength(length: number | undefined): void {
    if (length !== undefined && length > this.maxBytes) {
      throw new BufferTooLargeError(this.maxBytes, this.options.maxBytesSetting);
    }
  }

  /** `body`, failing with BufferTooLargeError as soon as it grows past the limit (for callers that spool first). */
  async *limited(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let seen = 0;
    for await (const chunk of body) {
      seen += chunk.length;
      if (seen > this.maxBytes) throw new BufferTooLargeError(this.maxBytes, this.options.maxBytesSetting);
      yield chunk;
    }
  }

  /** What a stored buffer's content hashes to now (its checksum when it is intact). */
  async digest(stored: StoredBuffer): Promise<string> {
    const handle = await open(stored.path, 'r');
    try {
      const { digest } = await hashStream(
        NODE_HASH[this.hash],
        handle.createReadStream({ highWaterMark: STREAM_CHUNK_BYTES, autoClose: false }),
      );
      return digest;
    } finally {
      await handle.close();
    }
  }

  get writable(): boolean {
    return this.directories[0].writable;
  }

  /** Where a buffer lives (or would live) in one directory. */
  pathIn(directory: BufferDirectory, checksum: string): string {
    const cs = parseChecksum(checksum);
    return directory.layout === 'prefix'
      ? join(directory.path, cs.slice(0, 2), cs)
      : join(directory.path, cs);
  }

  /** The first directory, in search order, that holds the buffer. */
  async locate(checksum: string): Promise<StoredBuffer | null> {
    const cs = parseChecksum(checksum);
    return (await this.locateLocal(cs)) ?? ((await this.fetchShared(cs)) ? this.locateLocal(cs) : null);
  }

  private async locateLocal(cs: string): Promise<StoredBuffer | null> {
    for (const directory of this.directories) {
      const path = this.pathIn(directory, cs);
      const stats = await stat(path).catch(absentAsNull);
      if (stats?.isFile()) return { checksum: cs, path, size: stats.size, directory };
    }
    return null;
  }

  /** Copies a buffer from the shared object store into the main directory; answers whether it had one. */
  private async fetchShared(cs: string): Promise<boolean> {
    const shared = this.options.shared;
    if (!shared || !this.writable) return false;
    const body = await shared.get(sharedKey(cs));
    if (!body) return false;
    await this.putLocal(cs, body, {});
    return true;
  }

  /** Puts a buffer of the main directory into the shared object store, when it is not there yet. */
  private async share(cs: string): Promise<void> {
    const shared = this.options.shared;
    if (!shared || (await shared.exists(sharedKey(cs)))) return;
    const body = createReadStream(this.pathIn(this.directories[0], cs), {
      highWaterMark: STREAM_CHUNK_BYTES,
    });
    await shared.put(sharedKey(cs), body, {
      expectedDigest: { algorithm: NODE_HASH[this.hash], hex: cs },
    });
  }

  async has(checksum: string): Promise<boolean> {
    return (await this.locate(checksum)) !== null;
  }

  /** The buffer's length in bytes, or null when it is not stored. */
  async length(checksum: string): Promise<number | null> {
    return (await this.locate(checksum))?.size ?? null;
  }

  /** Validates every checksum first, so one bad entry fails the whole request before any lookup. */
  async hasMany(checksums: readonly string[]): Promise<boolean[]> {
    return (await this.locateMany(checksums)).map((b) => b !== null);
  }

  async lengths(checksums: readonly string[]): Promise<(number | null)[]> {
    return (await this.locateMany(checksums)).map((b) => b?.size ?? null);
  }

  private async locateMany(checksums: readonly string[]): Promise<(StoredBuffer | null)[]> {
    const valid = checksums.map((c, i) => parseChecksum(c, `checksum ${i}`));
    const found: (StoredBuffer | null)[] = [];
    for (let i = 0; i < valid.length; i += LOOKUP_CONCURRENCY) {
      found.push(...(await Promise.all(valid.slice(i, i + LOOKUP_CONCURRENCY).map((c) => this.locate(c)))));
    }
    return found;
  }

  /** Opens a stored buffer for streaming, or answers null when no directory holds it. */
  async read(checksum: string): Promise<OpenBuffer | null> {
    const cs = parseChecksum(checksum);
    return (await this.readLocal(cs)) ?? ((await this.fetchShared(cs)) ? this.readLocal(cs) : null);
  }

  private async readLocal(cs: string): Promise<OpenBuffer | null> {
    for (const directory of this.directories) {
      const path = this.pathIn(directory, cs);
      const handle = await open(path, 'r').catch(absentAsNull);
      if (!handle) continue;
      let stats: Stats;
      try {
        stats = await handle.stat();
      } catch (error) {
        await handle.close();
        throw error;
      }
      if (!stats.isFile()) {
        await handle.close();
        continue;
      }
      const verifier = new VerifyingStream(NODE_HASH[this.hash], cs, (actual) => {
        const error = new CorruptBufferError(cs, path, actual);
        this.onCorruptRead(error, directory, stats);
        return error;
      });
      const stream = pipeline(
        handle.createReadStream({ highWaterMark: STREAM_CHUNK_BYTES }),
        verifier,
        () => {
          // Errors reach the consumer through `verifier`; the file handle closes with its stream.
        },
      );
      return { checksum: cs, path, size: stats.size, directory, stream };
    }
    return null;
  }

  /**
   * Stores `body` under `checksum` if its content hashes to that checksum and it is within the
   * size limit (`length`, when the caller knows it, is checked before anything is read). The body
   * is streamed to a temporary file in the buffer's own directory (so publishing it is one atomic
   * link), never held whole in memory. On a mismatch, an error from `body` (a client that went
   * away) or any other failure, the temporary file is removed and nothing is left behind. A buffer
   * already stored is re-hashed first: intact, the upload is only verified (created: false);
   * corrupt, the upload replaces it.
   */
  async put(
    checksum: string,
    body: AsyncIterable<Uint8Array>,
    options: { length?: number } = {},
  ): Promise<PutResult> {
    const cs = parseChecksum(checksum);
    const result = await this.putLocal(cs, body, options);
    await this.share(result.checksum);
    for (const listener of this.storedListeners) {
      // What an app derives from a buffer is its own affair: it never fails the upload.
      await listener(result.checksum, result.length).catch((error: unknown) =>
        this.options.logger?.warn(
          { checksum: result.checksum, error: (error as Error).message },
          'A listener of stored buffers failed.',
        ),
      );
    }
    return result;
  }

  /**
   * Calls `listener` after each successful put, before the put answers (the cache app indexes the
   * transformation buffers it receives, so that an explain right after an upload sees it).
   */
  onStored(listener: StoredListener): void {
    this.storedListeners.push(listener);
  }

  private async putLocal(
    cs: string,
    body: AsyncIterable<Uint8Array>,
    options: { length?: number },
  ): Promise<PutResult> {
    if (!this.writable) throw new ReadOnlyStoreError();
    this.checkLength(options.length);
    const existing = await this.locateLocal(cs);
    if (existing && (await this.digest(existing).catch(absentAsNull)) === cs) {
      // Already stored: hash the upload to answer honestly, but write nothing.
      const { digest, length } = await hashStream(NODE_HASH[this.hash], this.limited(body));
      if (digest !== cs) throw new ChecksumMismatchError(cs, digest, this.hash);
      return { checksum: cs, length, created: false };
    }
    const target = this.pathIn(this.directories[0], cs);
    const dir = dirname(target);
    const { handle, temp, madeDir } = await createTemporaryFile(dir, cs);
    let published = false;
    try {
      const { digest, length } = await writeHashed(handle, NODE_HASH[this.hash], this.limited(body));
      await handle.sync();
      await handle.close();
      if (digest !== cs) throw new ChecksumMismatchError(cs, digest, this.hash);
      // A corrupt copy in the main directory is replaced; one in an extra directory is shadowed.
      const replacing = existing?.directory === this.directories[0];
      let created = true;
      if (replacing) {
        await rename(temp, target);
        this.options.logger?.warn({ path: target }, 'A corrupt buffer was replaced by an upload.');
      } else {
        created = await publish(temp, target);
        await unlink(temp);
      }
      published = true;
      if (created) await syncDirectory(dir);
      return { checksum: cs, length, created };
    } finally {
      await handle.close().catch(() => undefined);
      if (!published) {
        await unlink(temp).catch(() => undefined);
        // Leave nothing behind; a directory another upload is using is not empty and stays.
        if (madeDir) await rmdir(dir).catch(() => undefined);
      }
    }
  }

  /**
   * Answers the on-disk path of a buffer when the store's file zone is one of `zones`: a client
   * on the same file system can then hard-link the file instead of downloading it.
   */
  async filename(checksum: string, zones: readonly string[]): Promise<FilenameAnswer> {
    const cs = parseChecksum(checksum);
    const wanted = zones.map((z) => parseZone(z));
    const stored = await this.locate(cs);
    if (!stored) return { found: false, reason: 'absent' };
    if (this.zone === undefined) return { found: false, reason: 'no-zone' };
    if (!wanted.includes(this.zone)) return { found: false, reason: 'other-zone' };
    return { found: true, path: stored.path, zone: this.zone };
  }

  /** Deletes a buffer from the main directory; answers whether there was one. Never touches extra directories. */
  async remove(checksum: string): Promise<boolean> {
    const cs = parseChecksum(checksum);
    if (!this.writable) throw new ReadOnlyStoreError();
    // The shared copy first: otherwise this replica would fetch back what it just removed.
    const shared = (await this.options.shared?.delete(sharedKey(cs))) ?? false;
    try {
      await unlink(this.pathIn(this.directories[0], cs));
      return true;
    } catch (error) {
      if (isAbsent(error)) return shared;
      throw error;
    }
  }

  /**
   * Re-hashes every stored buffer of every directory and reports the ones whose content no longer
   * matches their name. With `remove`, deletes those (and stale temporary files) from the main
   * directory; read-only directories are only ever reported.
   */
  async verify(
    options: { remove?: boolean; staleAfterMs?: number; now?: number } = {},
  ): Promise<VerifyReport> {
    const staleBefore = (options.now ?? Date.now()) - (options.staleAfterMs ?? 3600_000);
    const report: VerifyReport = {
      directories: this.directories.map((d) => d.path),
      checked: 0,
      bytes: 0,
      corrupt: [],
      staleTemporaryFiles: [],
    };
    for (const directory of this.directories) {
      const removing = options.remove === true && directory.writable;
      for await (const entry of listBuffers(directory)) {
        if (entry.kind === 'temp') {
          const stats = await stat(entry.path).catch(absentAsNull);
          if (!stats || stats.mtimeMs > staleBefore) continue;
          const removed = removing && (await unlink(entry.path).then(() => true, absentAsFalse));
          report.staleTemporaryFiles.push({ path: entry.path, removed });
          continue;
        }
        const handle = await open(entry.path, 'r').catch(absentAsNull);
        if (!handle) continue;
        try {
          const before = await handle.stat();
          const { digest, length } = await hashStream(
            NODE_HASH[this.hash],
            handle.createReadStream({ highWaterMark: STREAM_CHUNK_BYTES, autoClose: false }),
          );
          report.checked += 1;
          report.bytes += length;
          if (digest === entry.checksum) continue;
          const removed = removing && (await unlinkIfSame(entry.path, before));
          report.corrupt.push({
            checksum: entry.checksum,
            path: entry.path,
            actual: digest,
            readOnly: directory !== this.directories[0],
            removed,
          });
        } finally {
          await handle.close();
        }
      }
    }
    return report;
  }

  /** A corrupt file in the main directory is removed (unless `removeCorrupt` is false), and reported. */
  private onCorruptRead(error: CorruptBufferError, directory: BufferDirectory, opened: Stats): void {
    const removing = directory.writable && this.options.removeCorrupt !== false;
    const removal = removing ? unlinkIfSame(error.path, opened) : Promise.resolve(false);
    const logger = this.options.logger;
    void removal.then(
      (removed) => logger?.warn({ path: error.path, actual: error.actual, removed }, error.message),
      (failure: Error) => logger?.warn({ path: error.path, failure: failure.message }, error.message),
    );
  }
}

/** Passes chunks through while hashing them, holding the last one back until the hash is known. */
class VerifyingStream extends Transform {
  private readonly hasher;
  private held: Buffer | undefined;

  constructor(
    algorithm: string,
    private readonly expected: string,
    private readonly mismatch: (actual: string) => Error,
  ) {
    super();
    this.hasher = createHash(algorithm);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hasher.update(chunk);
    const previous = this.held;
    this.held = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hasher.digest('hex');
    if (actual !== this.expected) callback(this.mismatch(actual));
    else callback(null, this.held);
  }
}

async function hashStream(
  algorithm: string,
  body: AsyncIterable<Uint8Array>,
): Promise<{ digest: string; length: number }> {
  const hasher = createHash(algorithm);
  let length = 0;
  for await (const chunk of body) {
    hasher.update(chunk);
    length += chunk.length;
  }
  return { digest: hasher.digest('hex'), length };
}

/** Hashes `body` into `handle`, in large batches with one write in flight (writeBatched). */
async function writeHashed(
  handle: FileHandle,
  algorithm: string,
  body: AsyncIterable<Uint8Array>,
): Promise<{ digest: string; length: number }> {
  const hasher = createHash(algorithm);
  const hashed = async function* () {
    for await (const chunk of body) {
      hasher.update(chunk);
      yield chunk;
    }
  };
  const length = await writeBatched(handle, hashed());
  return { digest: hasher.digest('hex'), length };
}

/**
 * A new temporary file next to where the buffer goes. A failed upload removes the prefix directory
 * it created; if that happens between another upload's mkdir and open, the open is retried.
 */
async function createTemporaryFile(
  dir: string,
  checksum: string,
): Promise<{ handle: FileHandle; temp: string; madeDir: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const madeDir = (await mkdir(dir, { recursive: true })) !== undefined;
    const temp = join(dir, `.${checksum}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      return { handle: await open(temp, 'wx', 0o644), temp, madeDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
    }
  }
}

/**
 * Puts the verified temporary file in place without ever replacing an existing buffer (a hard
 * link fails when the name exists), so concurrent uploads of one buffer get one `created`. File
 * systems without hard links fall back to rename, which is just as atomic.
 */
async function publish(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV'].includes(code ?? '')) throw error;
  }
  const existed = await stat(target).then(
    () => true,
    () => false,
  );
  await rename(temp, target);
  return !existed;
}

/** Makes a new directory entry durable (a synced file whose name is lost in a crash is no use). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot sync a directory; the file itself is synced.
    if (!['EINVAL', 'EISDIR', 'ENOTSUP', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw error;
  } finally {
    await handle.close();
  }
}

/** Unlinks `path` only if it is still the file that was examined (not a replacement published since). */
async function unlinkIfSame(path: string, examined: Stats): Promise<boolean> {
  const now = await stat(path).catch(absentAsNull);
  if (!now || now.ino !== examined.ino || now.dev !== examined.dev) return false;
  return unlink(path).then(() => true, absentAsFalse);
}

type Listed = { kind: 'buffer'; checksum: string; path: string } | { kind: 'temp'; path: string };

/**
 * The buffers (and temporary files) a directory holds where lookups look for them, one
 * subdirectory at a time: a store of millions of buffers is never listed whole in memory.
 */
async function* listBuffers(directory: BufferDirectory): AsyncGenerator<Listed> {
  if (directory.layout === 'flat') {
    yield* await scanBuffers(directory.path);
    return;
  }
  for (const entry of await readdir(directory.path, { withFileTypes: true }).catch(absentAsEmpty)) {
    if (entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name)) {
      yield* await scanBuffers(join(directory.path, entry.name), entry.name);
    }
  }
}

async function scanBuffers(dir: string, prefix?: string): Promise<Listed[]> {
  const found: Listed[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(absentAsEmpty)) {
    const path = join(dir, entry.name);
    if (!entry.isFile()) continue;
    if (TEMP_FILE.test(entry.name)) found.push({ kind: 'temp', path });
    else if (/^[0-9a-f]{64}$/.test(entry.name) && (!prefix || entry.name.startsWith(prefix))) {
      found.push({ kind: 'buffer', checksum: entry.name, path });
    }
  }
  return found;
}

async function requireDirectory(path: string, what: string): Promise<void> {
  const stats = await stat(path).catch(absentAsNull);
  if (!stats) throw new Error(`The ${what} ${path} does not exist.`);
  if (!stats.isDirectory()) throw new Error(`The ${what} ${path} is not a directory.`);
}

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function absentAsNull(error: unknown): null {
  if (isAbsent(error)) return null;
  throw error;
}

function absentAsFalse(error: unknown): false {
  if (isAbsent(error)) return false;
  throw error;
}

function absentAsEmpty(error: unknown): never[] {
  if (isAbsent(error)) return [];
  throw error;
}

function ignore(code: string) {
  return (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== code) throw error;
  };
}
