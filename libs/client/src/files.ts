import { createHash, type Hash } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SessionClient } from './auth';
import { Page, PageQuery, Query, SimvaultError } from './http';

/** A folder or file: sim2l's record (`parent_id` null at the top level), then the service's fields. */
export interface FileRecord {
  id: string;
  name: string;
  size: number;
  uri: string | null;
  creator: string;
  parent_id: string | null;
  is_folder: boolean;
  date_created: string;
  date_modified: string;
  metadata: Record<string, unknown> | null;
  content_type: string | null;
  /** The buffer-store checksum of uploaded content (its download's ETag). */
  checksum: string | null;
  download: string | null;
  tags: string[];
}

export interface EntryPage extends Page<FileRecord> {
  /** Pass as `cursor` for the next page; null on the last one. */
  next_cursor: string | null;
}

export type FolderRecord = FileRecord & { children?: EntryPage };

export interface ListQuery extends PageQuery {
  /** The folder to list; the top level when absent. */
  parent_id?: string;
  tag?: string;
  sort?: 'name' | 'date_created' | 'date_modified' | 'size';
  order?: 'asc' | 'desc';
  cursor?: string;
}

export interface NewEntry {
  parent_id?: string | null;
  metadata?: Record<string, unknown> | null;
  tags?: string[];
}

export interface NewFile extends NewEntry {
  size?: number;
  uri?: string;
  content_type?: string;
}

export interface UploadOptions {
  parent_id?: string;
  content_type?: string;
  /** The content's checksum in the store's hash: the server then stores the body without a temporary copy. */
  checksum?: string;
}

/** An artifact of a run, as sim2l's get_run_files lists it (`name, size, category, content_type`), and more. */
export interface RunFile {
  execution_id: string;
  id: number;
  name: string;
  size: number;
  category: string | null;
  content_type: string | null;
  sha256: string | null;
  path: string | null;
  description: string | null;
  created_at: string | null;
  storage: 'inline' | 'external' | 'none';
  external_path: string | null;
  download: string;
}

export interface RunFiles {
  execution_id: string;
  simulation_name: string;
  simulation_version: string;
  checksum: string;
  artifact_count: number;
  total_size: number;
  indexed_at: string;
  indexed_by: string;
  files: RunFile[];
}

export interface IndexResult {
  execution_id: string;
  simulation_name: string;
  simulation_version: string;
  checksum: string;
  artifacts: number;
  total_size: number;
  indexed_at: string;
  skipped: number;
}

/** The platform's copy of an external artifact (GET/PUT /artifacts/{sha256}). */
export interface ArtifactState {
  sha256: string;
  stored: boolean;
  size: number | null;
  /** Bytes of an upload in parts received so far: where the next part starts. */
  offset: number;
  created: boolean;
}

export type BatchOperation =
  | { action: 'move'; ids: string[]; parent_id: string | null }
  | { action: 'delete'; ids: string[]; recursive?: boolean }
  | { action: 'tag' | 'untag'; ids: string[]; tags: string[] };

/** What to export: a folder or file by id, or a run's artifacts. */
export type ExportSource = { entry: string } | { run: string };

export interface ExportProgress {
  /** Archive bytes received so far, and in all (from Content-Length; null when not announced). */
  received: number;
  total: number | null;
  files: number;
  /** The member being written. */
  current: string | null;
}

export interface ExportResult {
  directory: string;
  files: number;
  directories: number;
  /** Content bytes written. */
  bytes: number;
  /** Members the server left out: it holds no bytes for them (URI entries, unreadable artifacts). */
  skipped: number;
}

export interface ExportOptions {
  /** Replace files that exist (never links: those are refused). Default: refuse to overwrite. */
  overwrite?: boolean;
  onProgress?: (progress: ExportProgress) => void;
}

/** The archive could not be written as it came: a member that would land outside, a link, bad bytes. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

const segments = (name: string) => name.split('/').map(encodeURIComponent).join('/');

/**
 * The file manager (port 8004): sim2l's FileManager calls (getRunFiles, exportRunFile,
 * getSimulationFiles, createFolder, createFile, listFolder), uploads and downloads that stream,
 * batches, and exports of a folder or a run written into a local directory.
 */
export class FilesClient extends SessionClient {
  list(query: ListQuery = {}): Promise<EntryPage> {
    return this.http.request('GET', '/files', { query });
  }

  /** A page of a folder's entries (the top level when `folderId` is null or absent). */
  async listFolder(
    folderId?: string | null,
    query: Omit<ListQuery, 'parent_id'> = {},
  ): Promise<FileRecord[]> {
    return (await this.list({ ...query, parent_id: folderId ?? undefined })).items;
  }

  /** Every entry of a folder, page after page (by cursor, so each page costs the same). */
  async *listAll(folderId?: string | null, query: Omit<ListQuery, 'parent_id' | 'cursor' | 'offset'> = {}) {
    let cursor: string | undefined;
    do {
      const page = await this.list({ limit: 1000, ...query, parent_id: folderId ?? undefined, cursor });
      yield* page.items;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  get(id: string, children: Omit<ListQuery, 'parent_id'> = {}): Promise<FolderRecord> {
    return this.http.request('GET', `/files/${encodeURIComponent(id)}`, { query: children });
  }

  createFolder(name: string, options: NewEntry = {}): Promise<FileRecord> {
    return this.http.request('POST', '/files', { body: { ...options, name, is_folder: true } });
  }

  /** A file entry that points at a URI (sim2l's create_file); upload() stores content instead. */
  createFile(name: string, options: NewFile = {}): Promise<FileRecord> {
    return this.http.request('POST', '/files', { body: { ...options, name } });
  }

  /** A new file holding `data`: bytes, a string (UTF-8), or a local file's path with `{ path }`. */
  async upload(
    name: string,
    data: Uint8Array | string | { path: string },
    options: UploadOptions = {},
  ): Promise<FileRecord & { deduplicated: boolean }> {
    return this.sendContent('POST', '/files/upload', { ...options, name }, data);
  }

  replaceContent(
    id: string,
    data: Uint8Array | string | { path: string },
    options: Omit<UploadOptions, 'parent_id'> = {},
  ): Promise<FileRecord & { deduplicated: boolean }> {
    return this.sendContent('PUT', `/files/${encodeURIComponent(id)}/content`, options, data);
  }

  update(
    id: string,
    changes: {
      name?: string;
      parent_id?: string | null;
      metadata?: Record<string, unknown> | null;
      tags?: string[];
    },
  ): Promise<FileRecord> {
    return this.http.request('PATCH', `/files/${encodeURIComponent(id)}`, { body: changes });
  }

  rename(id: string, name: string): Promise<FileRecord> {
    return this.update(id, { name });
  }

  /** Into another folder; null for the top level. */
  move(id: string, parentId: string | null): Promise<FileRecord> {
    return this.update(id, { parent_id: parentId });
  }

  delete(id: string, options: { recursive?: boolean } = {}): Promise<{ id: string; deleted: number }> {
    return this.http.request('DELETE', `/files/${encodeURIComponent(id)}`, {
      query: { recursive: options.recursive },
    });
  }

  batch(operation: BatchOperation): Promise<{ action: string; count: number; deleted?: number }> {
    return this.http.request('POST', '/files/batch', { body: operation });
  }

  /** A file's uploaded content, whole. */
  async download(id: string): Promise<Buffer> {
    const res = await this.raw('GET', `/files/${encodeURIComponent(id)}/content`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** A file's uploaded content, streamed to `path`. */
  async downloadTo(id: string, path: string): Promise<{ bytes: number }> {
    return this.save(await this.raw('GET', `/files/${encodeURIComponent(id)}/content`), path);
  }

  /** The artifacts of a run (sim2l's get_run_files). */
  async getRunFiles(executionId: string): Promise<RunFile[]> {
    return (await this.runFiles(executionId)).files;
  }

  runFiles(executionId: string): Promise<RunFiles> {
    return this.http.request('GET', `/runs/${encodeURIComponent(executionId)}/files`);
  }

  /** One artifact written to `path` (sim2l's export_run_file); `id` picks one of several of a name. */
  async exportRunFile(executionId: string, name: string, path: string, id?: number): Promise<boolean> {
    const query = id === undefined ? undefined : { id };
    await this.save(
      await this.raw('GET', `/runs/${encodeURIComponent(executionId)}/files/${segments(name)}`, { query }),
      path,
    );
    return true;
  }

  /** The artifacts of every run of a simulation version (sim2l's get_simulation_files), a page at a time. */
  getSimulationFiles(name: string, version: string, page: PageQuery = {}): Promise<Page<RunFile>> {
    return this.http.request(
      'GET',
      `/simulations/${encodeURIComponent(name)}/${encodeURIComponent(version)}/files`,
      { query: page },
    );
  }

  /** Index a run now, from the stored run file of that checksum (or the one indexed last time). */
  indexRun(executionId: string, checksum?: string): Promise<IndexResult> {
    return this.http.request('POST', `/runs/${encodeURIComponent(executionId)}/index`, {
      body: checksum === undefined ? {} : { checksum },
    });
  }

  /** Whether the platform holds the artifact of this sha256, or how much of an upload of it arrived. */
  artifactState(sha256: string): Promise<ArtifactState> {
    return this.http.request('GET', `/artifacts/${encodeURIComponent(sha256)}`);
  }

  /**
   * Uploads the file at `path` as the artifact of `sha256`: nothing when the platform holds it
   * already; otherwise in parts of `partBytes` from where an earlier upload stopped, each part
   * retried from the offset the server reports when a transfer is cut. The server stores the bytes
   * only when the whole hashes to `sha256`.
   */
  async uploadArtifact(
    sha256: string,
    path: string,
    options: {
      partBytes?: number;
      retries?: number;
      onProgress?: (sent: number, total: number) => void;
    } = {},
  ): Promise<ArtifactState> {
    const partBytes = options.partBytes ?? 64 * 1024 * 1024;
    const total = (await stat(path)).size;
    let state = await this.artifactState(sha256);
    let failures = 0;
    while (!state.stored) {
      options.onProgress?.(state.offset, total);
      const first = state.offset;
      const last = total === 0 ? -1 : Math.min(total, first + partBytes) - 1;
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'content-length': String(last - first + 1),
      };
      if (total > 0) headers['content-range'] = `bytes ${first}-${last}/${total}`;
      const body =
        total === 0
          ? new Uint8Array(0)
          : (Readable.toWeb(
              createReadStream(path, { start: first, end: last }),
            ) as unknown as RequestInit['body']);
      try {
        const res = await this.raw('PUT', `/artifacts/${encodeURIComponent(sha256)}`, { body, headers });
        state = (await res.json()) as ArtifactState;
        failures = 0;
      } catch (error) {
        // A mismatch or a refusal is final; a cut transfer resumes from what the server kept.
        if (error instanceof SimvaultError && error.status !== 409 && error.status < 500) throw error;
        if (++failures > (options.retries ?? 3)) throw error;
        state = await this.artifactState(sha256);
      }
    }
    options.onProgress?.(total, total);
    return state;
  }

  /**
   * One artifact of a run streamed to `path`, its sha256 checked as it arrives (a file that does
   * not match is removed and refused); `onBytes` sees each chunk's size.
   */
  async downloadArtifact(
    executionId: string,
    file: Pick<RunFile, 'name' | 'id' | 'sha256' | 'size'>,
    path: string,
    onBytes?: (bytes: number) => void,
  ): Promise<{ bytes: number; sha256: string }> {
    const res = await this.raw(
      'GET',
      `/runs/${encodeURIComponent(executionId)}/files/${segments(file.name)}`,
      {
        query: { id: file.id },
      },
    );
    if (!res.body) throw new ExportError('The server sent no content.');
    const hash = createHash('sha256');
    let bytes = 0;
    const counted = async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        onBytes?.(chunk.length);
        yield chunk;
      }
    };
    await pipeline(
      Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      counted,
      createWriteStream(path),
    );
    const digest = hash.digest('hex');
    if ((file.sha256 && digest !== file.sha256) || bytes !== file.size) {
      await rm(path, { force: true });
      throw new ExportError(
        `${file.name} arrived as ${bytes} bytes hashing to ${digest}, not the ${file.size} bytes of ${file.sha256}; it was removed.`,
      );
    }
    return { bytes, sha256: digest };
  }

  /** The archive itself, as the server streams it. */
  exportArchive(source: ExportSource, format: 'tar' | 'zip' = 'tar'): Promise<Response> {
    const path =
      'run' in source
        ? `/runs/${encodeURIComponent(source.run)}/export`
        : `/files/${encodeURIComponent(source.entry)}/export`;
    return this.raw('GET', path, { query: { format } });
  }

  /**
   * Writes an export into `directory`, as it streams: the server's tar is read member by member and
   * nothing is held whole. A member that would land outside the directory (an absolute path, "..",
   * a path through a link) or is a link itself is refused; files carrying a digest are checked, and
   * one that does not match is removed.
   */
  async exportTo(
    source: ExportSource,
    directory: string,
    options: ExportOptions = {},
  ): Promise<ExportResult> {
    const res = await this.exportArchive(source, 'tar');
    const total = Number(res.headers.get('content-length'));
    const skipped = Number(res.headers.get('x-export-skipped') ?? 0);
    if (!res.body) throw new ExportError('The server sent no archive.');
    const root = resolve(directory);
    await mkdir(root, { recursive: true });
    const progress: ExportProgress = {
      received: 0,
      total: Number.isFinite(total) ? total : null,
      files: 0,
      current: null,
    };
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    const counted = async function* () {
      for await (const chunk of body) {
        progress.received += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    };
    const result = await extractTar(counted(), root, options, progress);
    return { ...result, skipped };
  }

  private async sendContent<T>(
    method: string,
    path: string,
    query: Query,
    data: Uint8Array | string | { path: string },
  ): Promise<T> {
    let body: RequestInit['body'];
    let length: number;
    if (typeof data === 'string' || data instanceof Uint8Array) {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      body = bytes as unknown as RequestInit['body'];
      length = bytes.length;
    } else {
      length = (await stat(data.path)).size;
      body = Readable.toWeb(createReadStream(data.path)) as unknown as RequestInit['body'];
    }
    const res = await this.raw(method, path, {
      query,
      body,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(length) },
    });
    return (await res.json()) as T;
  }

  /** A request whose body or answer is not JSON; errors still arrive as SimvaultError. */
  private async raw(
    method: string,
    path: string,
    options: { query?: Query; body?: RequestInit['body']; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const url = new URL(this.http.baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const res = await fetch(url, {
      method,
      headers: {
        ...(this.http.token ? { authorization: `Bearer ${this.http.token}` } : {}),
        ...options.headers,
      },
      body: options.body,
      // A streamed request body must say it is sent while the answer may already be arriving.
      ...(options.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    if (!res.ok) {
      const text = await res.text();
      let body: SimvaultError['body'] = text;
      if ((res.headers.get('content-type') ?? '').includes('application/json') && text)
        body = JSON.parse(text);
      throw new SimvaultError(res.status, body, method, url.pathname);
    }
    return res;
  }

  private async save(res: Response, path: string): Promise<{ bytes: number }> {
    if (!res.body) throw new ExportError('The server sent no content.');
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(path));
    return { bytes: (await stat(path)).size };
  }
}

// ------------------------------------------------------------------ reading a tar as it streams

const BLOCK = 512;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Exact reads over a stream of chunks, without holding more than a chunk. */
class ByteReader {
  private buffered: Buffer[] = [];
  private size = 0;
  private readonly source: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.source = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<boolean> {
    while (this.size < n) {
      const next = await this.source.next();
      if (next.done) return false;
      this.buffered.push(next.value);
      this.size += next.value.length;
    }
    return true;
  }

  /** Exactly `n` bytes, or null at the end of the stream (and an error when it ends midway). */
  async read(n: number): Promise<Buffer | null> {
    if (!(await this.fill(n))) {
      if (this.size === 0) return null;
      throw new ExportError('The archive ended in the middle of a member (the transfer was cut short).');
    }
    const all = Buffer.concat(this.buffered);
    this.buffered = all.length > n ? [all.subarray(n)] : [];
    this.size = all.length - n;
    return all.subarray(0, n);
  }

  /** `n` bytes handed over chunk by chunk. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.size === 0 && !(await this.fill(1))) {
        throw new ExportError('The archive ended in the middle of a member (the transfer was cut short).');
      }
      const head = this.buffered[0];
      const part = head.length <= left ? head : head.subarray(0, left);
      if (part === head) this.buffered.shift();
      else this.buffered[0] = head.subarray(left);
      this.size -= part.length;
      left -= part.length;
      yield part;
    }
  }
}

interface Member {
  name: string;
  type: string;
  size: number;
  digest: { algorithm: string; hex: string } | null;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

function parseHeader(block: Buffer): Member {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  if (sum !== parseInt(field(block, 148, 8).trim(), 8)) {
    throw new ExportError('The archive is damaged: a member header fails its checksum.');
  }
  const prefix = field(block, 345, 155);
  const name = field(block, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    type: String.fromCharCode(block[156] || 48),
    size: parseInt(field(block, 124, 12).trim() || '0', 8),
    digest: null,
  };
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number(data.subarray(at, space).toString('latin1'));
    if (space < 0 || !Number.isInteger(length) || length <= 0) {
      throw new ExportError('The archive is damaged: an extended header is malformed.');
    }
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}

/** Where a member goes under `root`; refused unless it is a plain relative path that stays inside. */
function targetOf(root: string, name: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (
    name.startsWith('/') ||
    parts.length === 0 ||
    parts.some((p) => p === '..' || p.includes('\\') || CONTROL.test(p))
  ) {
    throw new ExportError(`Refused the member ${JSON.stringify(name)}: it would not land inside ${root}.`);
  }
  const target = resolve(root, ...parts);
  if (!target.startsWith(root + sep)) {
    throw new ExportError(`Refused the member ${JSON.stringify(name)}: it would not land inside ${root}.`);
  }
  return target;
}

/** Creates the directories from `root` down to `dir`, refusing to pass through a link. */
async function ensureDirectory(root: string, dir: string, known: Set<string>): Promise<void> {
  if (dir === root || known.has(dir)) return;
  let at = root;
  for (const part of dir.slice(root.length + 1).split(sep)) {
    at = `${at}${sep}${part}`;
    if (known.has(at)) continue;
    const info = await lstat(at).catch(() => null);
    if (info?.isSymbolicLink()) {
      throw new ExportError(`Refused to write through ${at}: it is a link, and could lead outside ${root}.`);
    }
    if (info && !info.isDirectory()) throw new ExportError(`${at} exists and is not a directory.`);
    if (!info)
      await mkdir(at).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    known.add(at);
  }
}

async function openTarget(path: string, overwrite: boolean): Promise<FileHandle> {
  const info = await lstat(path).catch(() => null);
  if (info?.isSymbolicLink()) throw new ExportError(`Refused to write ${path}: it is a link.`);
  if (info && !overwrite) throw new ExportError(`${path} exists; export with overwrite to replace it.`);
  if (info && !info.isFile()) throw new ExportError(`${path} exists and is not a file.`);
  const flags =
    constants.O_WRONLY |
    constants.O_CREAT |
    constants.O_NOFOLLOW |
    (overwrite ? constants.O_TRUNC : constants.O_EXCL);
  return open(path, flags, 0o644);
}

async function extractTar(
  source: AsyncIterable<Buffer>,
  root: string,
  options: ExportOptions,
  progress: ExportProgress,
): Promise<Omit<ExportResult, 'skipped'>> {
  const reader = new ByteReader(source);
  const known = new Set<string>();
  const result = { directory: root, files: 0, directories: 0, bytes: 0 };
  let pax: Record<string, string> = {};
  for (;;) {
    const block = await reader.read(BLOCK);
    if (!block)
      throw new ExportError('The archive ended without its end marker (the transfer was cut short).');
    if (block.every((b) => b === 0)) break;
    const member = parseHeader(block);
    if (member.type === 'x' || member.type === 'g') {
      const data = await reader.read(member.size + ((BLOCK - (member.size % BLOCK)) % BLOCK));
      if (member.type === 'x') pax = parsePax(data!.subarray(0, member.size));
      continue;
    }
    if (pax.path) member.name = pax.path;
    if (pax.size) member.size = Number(pax.size);
    for (const algorithm of ['sha256', 'sha3-256']) {
      const hex = pax[`SCHILY.xattr.user.simvault.${algorithm}`];
      if (hex) member.digest = { algorithm, hex };
    }
    pax = {};
    const target = targetOf(root, member.name.replace(/\/+$/, ''));
    progress.current = member.name;
    if (member.type === '5') {
      await ensureDirectory(root, target, known);
      result.directories++;
      options.onProgress?.({ ...progress });
      continue;
    }
    if (member.type !== '0' && member.type !== '7') {
      throw new ExportError(
        `Refused the member ${JSON.stringify(member.name)}: links and devices are never extracted.`,
      );
    }
    await ensureDirectory(root, resolve(target, '..'), known);
    await writeMember(reader, target, member, options);
    const padding = (BLOCK - (member.size % BLOCK)) % BLOCK;
    if (padding) await reader.read(padding);
    result.files++;
    result.bytes += member.size;
    progress.files = result.files;
    options.onProgress?.({ ...progress });
  }
  return result;
}

async function writeMember(reader: ByteReader, target: string, member: Member, options: ExportOptions) {
  const handle = await openTarget(target, options.overwrite === true);
  const hash: Hash | null = member.digest ? createHash(member.digest.algorithm) : null;
  try {
    for await (const chunk of reader.take(member.size)) {
      hash?.update(chunk);
      await handle.write(chunk);
    }
  } catch (error) {
    await handle.close();
    await rm(target, { force: true });
    throw error;
  }
  await handle.close();
  const actual = hash?.digest('hex');
  if (member.digest && actual !== member.digest.hex) {
    await rm(target, { force: true });
    throw new ExportError(
      `${member.name} did not arrive intact (its ${member.digest.algorithm} is ${actual}, not ${member.digest.hex}); it was removed.`,
    );
  }
}
