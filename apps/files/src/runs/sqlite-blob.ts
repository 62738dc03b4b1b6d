import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';

/**
 * Streams one BLOB (or TEXT) value out of a SQLite file without holding it whole in memory.
 *
 * better-sqlite3 has no incremental blob I/O, and `substr(data, n, k)` is no substitute: SQLite
 * loads the whole value for every call (measured: ~90 ms per 64 KiB slice of a 64 MiB blob, wherever
 * the slice is), so reading a blob in slices costs O(size²). So the value is read from the file's
 * pages directly, following SQLite's documented file format (https://www.sqlite.org/fileformat2.html):
 * the table b-tree is descended to the row, the record header gives the column's offset and length,
 * and the bytes are read from the cell and its chain of overflow pages, in batches of contiguous
 * pages. O(size), ~1 MiB of memory.
 *
 * Only for files nothing writes to: the platform's stored run files (rollback-journal mode,
 * self-contained, never changed once stored). A file in WAL mode, a WITHOUT ROWID table or a virtual
 * generated column before the value falls back to slices of SLICE_BYTES through SQLite. Callers
 * verify the bytes against the artifact's sha256 anyway.
 */
export interface BlobSource {
  /** Bytes in the value. */
  size: number;
  /** `pages`: read from the file's pages; `slices`: the fallback through SQLite. */
  method: 'pages' | 'slices';
  /** The value's bytes, or those of `range` (both ends included, within the value) only. */
  stream(range?: { start: number; end: number }): Readable;
}

/** What a caller gets wrong (no such row, not a blob): a sentence, not a crash. */
export class BlobNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobNotFoundError';
  }
}

/** The file does not look the way SQLite's format says it must. */
export class BlobFormatError extends Error {
  constructor(path: string, problem: string) {
    super(`${path} cannot be read as a SQLite file: ${problem}.`);
    this.name = 'BlobFormatError';
  }
}

const BATCH_BYTES = 1024 * 1024;
const SLICE_BYTES = 8 * 1024 * 1024;

interface Layout {
  rootPage: number;
  /** Position of the column in the stored record, or null when the file format cannot be walked. */
  recordIndex: number | null;
  size: number;
  type: 'blob' | 'text';
}

/** Opens the value of `column` in row `rowid` of `table` of the SQLite file at `path`. */
export function openBlob(path: string, table: string, column: string, rowid: number): BlobSource {
  const layout = describe(path, table, column, rowid);
  return {
    size: layout.size,
    method: layout.recordIndex === null ? 'slices' : 'pages',
    stream: (range = { start: 0, end: layout.size - 1 }) =>
      layout.recordIndex === null
        ? Readable.from(slices(path, table, column, rowid, range), { objectMode: false })
        : Readable.from(pageWalk(path, layout, rowid, range), { objectMode: false }),
  };
}

function describe(path: string, table: string, column: string, rowid: number): Layout {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const master = db
      .prepare("SELECT rootpage, sql FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(table) as { rootpage: number; sql: string } | undefined;
    if (!master) throw new BlobNotFoundError(`${path} has no ${table} table.`);
    const columns = db.prepare(`PRAGMA table_xinfo(${quote(table)})`).all() as {
      cid: number;
      name: string;
      hidden: number;
    }[];
    const position = columns.findIndex((c) => c.name === column);
    if (position < 0) throw new BlobNotFoundError(`${path}'s ${table} table has no ${column} column.`);
    const row = db
      .prepare(
        `SELECT typeof(${quote(column)}) AS type, length(${quote(column)}) AS length FROM ${quote(table)} WHERE rowid = ?`,
      )
      .get(rowid) as { type: string; length: number | null } | undefined;
    if (!row) throw new BlobNotFoundError(`${path} has no row ${rowid} in ${table}.`);
    if (row.type !== 'blob' && row.type !== 'text') {
      throw new BlobNotFoundError(`Row ${rowid} of ${table} in ${path} holds no bytes in ${column}.`);
    }
    const walkable =
      (db.pragma('journal_mode', { simple: true }) as string) !== 'wal' &&
      !/\bwithout\s+rowid\b/i.test(master.sql) &&
      // Virtual generated columns (hidden 2) are not stored in the record.
      !columns.slice(0, position).some((c) => c.hidden === 2 || c.hidden === 1);
    // length() of TEXT counts characters; the bytes are what is streamed.
    const size =
      row.type === 'blob'
        ? Number(row.length)
        : Number(
            (
              db
                .prepare(
                  `SELECT length(CAST(${quote(column)} AS BLOB)) AS n FROM ${quote(table)} WHERE rowid = ?`,
                )
                .get(rowid) as { n: number }
            ).n,
          );
    return { rootPage: master.rootpage, recordIndex: walkable ? position : null, size, type: row.type };
  } finally {
    db.close();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** The fallback: SLICE_BYTES at a time through SQLite (each slice costs a read of the whole value). */
async function* slices(
  path: string,
  table: string,
  column: string,
  rowid: number,
  range: { start: number; end: number },
) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const slice = db.prepare(
      `SELECT substr(CAST(${quote(column)} AS BLOB), ?, ?) AS part FROM ${quote(table)} WHERE rowid = ?`,
    );
    for (let offset = range.start; offset <= range.end; offset += SLICE_BYTES) {
      const length = Math.min(SLICE_BYTES, range.end + 1 - offset);
      const part = (slice.get(offset + 1, length, rowid) as { part: Buffer }).part;
      yield part;
    }
  } finally {
    db.close();
  }
}

class PageFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly pageSize: number,
    readonly usable: number,
    readonly pageCount: number,
  ) {}

  static async open(path: string): Promise<PageFile> {
    const handle = await open(path, 'r');
    try {
      const header = Buffer.alloc(100);
      await readExactly(handle, header, 0, path);
      if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0')
        throw new BlobFormatError(path, 'it has no SQLite header');
      const raw = header.readUInt16BE(16);
      const pageSize = raw === 1 ? 65536 : raw;
      if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
        throw new BlobFormatError(path, `its page size ${raw} is not one SQLite writes`);
      if (header[18] === 2 || header[19] === 2)
        throw new BlobFormatError(path, 'it is in WAL mode, so its pages may not hold its latest content');
      const usable = pageSize - header[20];
      const { size } = await handle.stat();
      return new PageFile(path, handle, pageSize, usable, Math.floor(size / pageSize));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** `count` consecutive pages from page `first` (1-based), as one buffer. */
  async pages(first: number, count: number): Promise<Buffer> {
    this.check(first);
    const n = Math.max(1, Math.min(count, this.pageCount - first + 1));
    const buffer = Buffer.allocUnsafe(n * this.pageSize);
    await readExactly(this.handle, buffer, (first - 1) * this.pageSize, this.path);
    return buffer;
  }

  check(page: number): void {
    if (!Number.isInteger(page) || page < 1 || page > this.pageCount)
      throw new BlobFormatError(this.path, `it points at page ${page} of ${this.pageCount}`);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

async function readExactly(handle: FileHandle, buffer: Buffer, position: number, path: string) {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new BlobFormatError(path, 'it ends in the middle of a page');
    done += bytesRead;
  }
}

/** A SQLite varint at `pos`: its value and its length in bytes. */
function varint(buffer: Buffer, pos: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = buffer[pos + i];
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [value, i + 1];
  }
  return [value * 256 + buffer[pos + 8], 9];
}

/** Bytes a record field of this serial type takes. */
function serialSize(type: number, path: string): number {
  if (type >= 12) return Math.floor((type - 12) / 2);
  const sizes = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];
  if (type > 9) throw new BlobFormatError(path, `a record uses the reserved serial type ${type}`);
  return sizes[type];
}

/** The leaf cell of `rowid`: its payload size, the part stored in the page, and the first overflow page. */
async function findCell(file: PageFile, rootPage: number, rowid: number) {
  let pageNumber = rootPage;
  for (let depth = 0; depth < 64; depth++) {
    const page = await file.pages(pageNumber, 1);
    const at = pageNumber === 1 ? 100 : 0;
    const type = page[at];
    const cells = page.readUInt16BE(at + 3);
    if (type === 0x05) {
      let child = page.readUInt32BE(at + 8);
      for (let i = 0; i < cells; i++) {
        const cell = page.readUInt16BE(at + 12 + 2 * i);
        const [key] = varint(page, cell + 4);
        if (rowid <= key) {
          child = page.readUInt32BE(cell);
          break;
        }
      }
      pageNumber = child;
      file.check(pageNumber);
      continue;
    }
    if (type !== 0x0d) throw new BlobFormatError(file.path, `page ${pageNumber} is not a table b-tree page`);
    for (let i = 0; i < cells; i++) {
      const cell = page.readUInt16BE(at + 8 + 2 * i);
      const [payloadSize, a] = varint(page, cell);
      const [key, b] = varint(page, cell + a);
      if (key !== rowid) continue;
      const start = cell + a + b;
      const local = localPayload(payloadSize, file.usable);
      const overflow = local < payloadSize ? page.readUInt32BE(start + local) : 0;
      return { payloadSize, local: page.subarray(start, start + local), overflow };
    }
    throw new BlobFormatError(file.path, `row ${rowid} is not in the leaf page its b-tree leads to`);
  }
  throw new BlobFormatError(file.path, 'its b-tree is deeper than any SQLite builds');
}

/** How much of a table leaf cell's payload is stored in the page itself (the file format's rule). */
function localPayload(payloadSize: number, usable: number): number {
  const max = usable - 35;
  if (payloadSize <= max) return payloadSize;
  const min = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = min + ((payloadSize - min) % (usable - 4));
  return k <= max ? k : min;
}

/**
 * The payload bytes of a cell from `offset`, `length` of them: from the page, then along the overflow
 * chain, reading runs of consecutive pages in one call (SQLite allocates a new value's overflow
 * pages in order, so a chain is usually one run).
 */
async function* payload(
  file: PageFile,
  cell: { local: Buffer; overflow: number },
  offset: number,
  length: number,
): AsyncGenerator<Buffer> {
  let skip = offset;
  let left = length;
  if (skip < cell.local.length) {
    const part = cell.local.subarray(skip, Math.min(cell.local.length, skip + left));
    left -= part.length;
    skip = 0;
    if (part.length > 0) yield part;
  } else {
    skip -= cell.local.length;
  }
  const perPage = file.usable - 4;
  let next = cell.overflow;
  let visited = 0;
  const batchPages = Math.max(1, Math.floor(BATCH_BYTES / file.pageSize));
  while (left > 0) {
    if (next === 0) throw new BlobFormatError(file.path, 'an overflow chain ends before its value does');
    // Whole pages before `offset` are only followed, never copied.
    const wanted = Math.ceil((skip + left) / perPage);
    const batch = await file.pages(next, Math.min(batchPages, wanted));
    const first = next;
    let i = 0;
    const out: Buffer[] = [];
    while (left > 0 && i * file.pageSize < batch.length) {
      if (++visited > file.pageCount) throw new BlobFormatError(file.path, 'an overflow chain loops');
      const page = batch.subarray(i * file.pageSize, (i + 1) * file.pageSize);
      next = page.readUInt32BE(0);
      if (skip >= perPage) {
        skip -= perPage;
      } else {
        const part = page.subarray(4 + skip, 4 + Math.min(perPage, skip + left));
        skip = 0;
        left -= part.length;
        out.push(part);
      }
      i++;
      if (next !== first + i) break;
    }
    if (out.length) yield out.length === 1 ? out[0] : Buffer.concat(out);
  }
}

async function collect(chunks: AsyncGenerator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function* pageWalk(
  path: string,
  layout: Layout,
  rowid: number,
  range: { start: number; end: number },
): AsyncGenerator<Buffer> {
  const file = await PageFile.open(path);
  try {
    const cell = await findCell(file, layout.rootPage, rowid);
    const first = await collect(payload(file, cell, 0, Math.min(9, cell.payloadSize)));
    const [headerSize] = varint(first, 0);
    if (headerSize > cell.payloadSize)
      throw new BlobFormatError(path, 'a record header is longer than its record');
    const header = await collect(payload(file, cell, 0, headerSize));
    let pos = varint(header, 0)[1];
    let offset = headerSize;
    let index = 0;
    let type = -1;
    while (pos < headerSize) {
      const [serial, used] = varint(header, pos);
      pos += used;
      if (index === layout.recordIndex) {
        type = serial;
        break;
      }
      offset += serialSize(serial, path);
      index++;
    }
    const isBlob = type >= 12 && type % 2 === 0;
    const isText = type >= 13 && type % 2 === 1;
    if ((layout.type === 'blob' && !isBlob) || (layout.type === 'text' && !isText))
      throw new BlobFormatError(
        path,
        `row ${rowid}'s record does not hold the ${layout.type} SQLite reports`,
      );
    const size = serialSize(type, path);
    if (size !== layout.size || offset + size > cell.payloadSize)
      throw new BlobFormatError(
        path,
        `row ${rowid}'s record says ${size} bytes where SQLite reports ${layout.size}`,
      );
    // Overflow pages before the range are only followed, never copied.
    if (range.end >= range.start)
      yield* payload(file, cell, offset + range.start, range.end + 1 - range.start);
  } finally {
    await file.close();
  }
}
