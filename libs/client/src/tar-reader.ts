import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

// A streaming tar reader for `simvault export` (FilesClient.exportTo): hand-written, because it is
// no route's wire type — it reads the archive GET /files/:id/export and GET /runs/:id/export stream.

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

/** Writes the tar `source` streams into `root`, member by member (see FilesClient.exportTo). */
export async function extractTar(
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
