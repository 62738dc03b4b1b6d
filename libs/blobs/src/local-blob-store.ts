import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import {
  checkKey,
  checkPrefix,
  MeteredBody,
  type BlobInfo,
  type BlobRange,
  type BlobStore,
  type ListPage,
  type PutOptions,
  type PutResult,
} from './blob-store';
import { STREAM_CHUNK_BYTES, writeBatched } from './write';

const TEMP_FILE = /^\..*\.[0-9a-f]{12}\.tmp$/;

/**
 * Objects as files under one directory, a key's segments as its sub-directories. A write goes to a
 * temporary file beside its final place, is synced, and is renamed into place only once its size
 * and digest are checked; so a reader sees the whole object or none.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local';
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get description(): string {
    return `local directory ${this.root}`;
  }

  localPath(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<PutResult> {
    const target = this.localPath(key);
    const meter = new MeteredBody(options, createHash);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${key.split('/').pop()}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o644);
    let published = false;
    try {
      await writeBatched(handle, meter.through(body));
      const digest = meter.done();
      await handle.sync();
      await handle.close();
      await rename(temp, target);
      published = true;
      await syncDirectory(dirname(target));
      return { key, size: meter.size, digest };
    } finally {
      await handle.close().catch(() => undefined);
      if (!published) await unlink(temp).catch(() => undefined);
    }
  }

  async get(key: string, range?: BlobRange): Promise<Readable | null> {
    const handle = await open(this.localPath(key), 'r').catch(absentAsNull);
    if (!handle) return null;
    const info = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    if (!info.isFile()) {
      await handle.close();
      return null;
    }
    return handle.createReadStream({ highWaterMark: STREAM_CHUNK_BYTES, ...(range ?? {}) });
  }

  async stat(key: string): Promise<BlobInfo | null> {
    const info = await stat(this.localPath(key)).catch(absentAsNull);
    return info?.isFile() ? { key, size: info.size, modified: info.mtime } : null;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.localPath(key));
      return true;
    } catch (error) {
      if (isAbsent(error)) return false;
      throw error;
    }
  }

  async list(prefix: string, options: { after?: string; limit?: number } = {}): Promise<ListPage> {
    checkPrefix(prefix);
    const limit = options.limit ?? 1000;
    // Walk only the directory the prefix is inside of; keys come out in order (sorted per level,
    // with "/" sorting as the separator it is in a key).
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    const items: BlobInfo[] = [];
    for await (const key of walk(this.root, base)) {
      if (!key.startsWith(prefix) || (options.after !== undefined && key <= options.after)) continue;
      const info = await this.stat(key);
      if (!info) continue;
      if (items.length === limit) return { items, next: items[items.length - 1].key };
      items.push(info);
    }
    return { items };
  }

  presignedGetUrl(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

/** Keys of the files under `root/base`, in key order, leaving out temporary files of writes. */
async function* walk(root: string, base: string): AsyncGenerator<string> {
  const dir = base === '' ? root : join(root, ...base.split('/'));
  const entries = await readdir(dir, { withFileTypes: true }).catch(absentAsNull);
  if (!entries) return;
  // Key order: compare names as if a directory's name were followed by "/".
  const named = entries.map((e) => ({ e, sortKey: e.isDirectory() ? `${e.name}/` : e.name }));
  named.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const { e } of named) {
    const key = base === '' ? e.name : `${base}/${e.name}`;
    if (e.isDirectory()) yield* walk(root, key);
    else if (e.isFile() && !TEMP_FILE.test(e.name)) yield key;
  }
}

/** Makes a rename durable (a no-op where directories cannot be opened, as on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  if (sep === '\\') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function absentAsNull(error: unknown): null {
  if (isAbsent(error)) return null;
  throw error;
}
