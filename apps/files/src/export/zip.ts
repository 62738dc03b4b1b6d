import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { entryBytes, type Archive, type ArchiveEntry } from './archive';

const U32 = 0xffffffff;
const U16 = 0xffff;
const UTF8_NAMES = 0x0800;
const DATA_DESCRIPTOR = 0x0008;
const UNIX = 3 << 8;

function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

interface Planned {
  entry: ArchiveEntry;
  name: Buffer;
  /** Sizes past 4 GiB need ZIP64 fields in the local header and the data descriptor. */
  big: boolean;
  offset: number;
  localBytes: number;
}

function localHeader(p: Planned): Buffer {
  const file = p.entry.type === 'file';
  const extra = p.big ? 20 : 0;
  const b = Buffer.alloc(30 + p.name.length + extra);
  const when = dosDateTime(p.entry.mtime);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(p.big ? 45 : 20, 4);
  b.writeUInt16LE(UTF8_NAMES | (file ? DATA_DESCRIPTOR : 0), 6);
  b.writeUInt16LE(0, 8);
  b.writeUInt16LE(when.time, 10);
  b.writeUInt16LE(when.date, 12);
  // CRC and sizes follow the data (data descriptor); ZIP64 marks them as being in its extra field.
  b.writeUInt32LE(0, 14);
  b.writeUInt32LE(p.big ? U32 : 0, 18);
  b.writeUInt32LE(p.big ? U32 : 0, 22);
  b.writeUInt16LE(p.name.length, 26);
  b.writeUInt16LE(extra, 28);
  p.name.copy(b, 30);
  if (p.big) {
    b.writeUInt16LE(0x0001, 30 + p.name.length);
    b.writeUInt16LE(16, 32 + p.name.length);
  }
  return b;
}

function dataDescriptor(p: Planned, crc: number): Buffer {
  const b = Buffer.alloc(p.big ? 24 : 16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc >>> 0, 4);
  if (p.big) {
    b.writeBigUInt64LE(BigInt(p.entry.size), 8);
    b.writeBigUInt64LE(BigInt(p.entry.size), 16);
  } else {
    b.writeUInt32LE(p.entry.size, 8);
    b.writeUInt32LE(p.entry.size, 12);
  }
  return b;
}

function centralHeader(p: Planned, crc: number): Buffer {
  const file = p.entry.type === 'file';
  const bigSize = p.entry.size >= U32;
  const bigOffset = p.offset >= U32;
  const zip64 = [
    bigSize ? p.entry.size : null,
    bigSize ? p.entry.size : null,
    bigOffset ? p.offset : null,
  ].filter((v): v is number => v !== null);
  const extra = zip64.length ? 4 + 8 * zip64.length : 0;
  const b = Buffer.alloc(46 + p.name.length + extra);
  const when = dosDateTime(p.entry.mtime);
  const version = extra || p.big ? 45 : 20;
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(UNIX | version, 4);
  b.writeUInt16LE(version, 6);
  b.writeUInt16LE(UTF8_NAMES | (file ? DATA_DESCRIPTOR : 0), 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(when.time, 12);
  b.writeUInt16LE(when.date, 14);
  b.writeUInt32LE(crc >>> 0, 16);
  b.writeUInt32LE(bigSize ? U32 : p.entry.size, 20);
  b.writeUInt32LE(bigSize ? U32 : p.entry.size, 24);
  b.writeUInt16LE(p.name.length, 28);
  b.writeUInt16LE(extra, 30);
  b.writeUInt16LE(0, 32);
  b.writeUInt16LE(0, 34);
  b.writeUInt16LE(0, 36);
  // Unix mode in the high half; MS-DOS's directory bit in the low one.
  b.writeUInt32LE(file ? (0o100644 << 16) >>> 0 : ((0o40755 << 16) | 0x10) >>> 0, 38);
  b.writeUInt32LE(bigOffset ? U32 : p.offset, 42);
  p.name.copy(b, 46);
  if (extra) {
    let at = 46 + p.name.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(8 * zip64.length, at + 2);
    at += 4;
    for (const value of zip64) {
      b.writeBigUInt64LE(BigInt(value), at);
      at += 8;
    }
  }
  return b;
}

function end(count: number, cdOffset: number, cdSize: number): Buffer {
  const zip64 = count >= U16 || cdOffset >= U32 || cdSize >= U32;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(UNIX | 45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(cdSize), 40);
    record.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(count, U16), 8);
  eocd.writeUInt16LE(Math.min(count, U16), 10);
  eocd.writeUInt32LE(Math.min(cdSize, U32), 12);
  eocd.writeUInt32LE(Math.min(cdOffset, U32), 16);
  parts.push(eocd);
  return Buffer.concat(parts);
}

/**
 * A zip of the entries, streamed without a dependency: every member stored (run outputs are mostly
 * compressed already, and storing keeps the size known in advance), its CRC-32 computed while it
 * streams and written after it in a data descriptor; ZIP64 records where sizes or offsets pass 4 GiB.
 */
export function zipArchive(entries: ArchiveEntry[]): Archive {
  let offset = 0;
  const planned: Planned[] = entries.map((entry) => {
    const name = Buffer.from(entry.type === 'directory' ? `${entry.path}/` : entry.path, 'utf8');
    const big = entry.type === 'file' && entry.size >= U32;
    const p: Planned = { entry, name, big, offset, localBytes: 30 + name.length + (big ? 20 : 0) };
    offset += p.localBytes + (entry.type === 'file' ? entry.size + (big ? 24 : 16) : 0);
    return p;
  });
  const cdOffset = offset;
  const centralBytes = planned.reduce((sum, p) => sum + centralHeader(p, 0).length, 0);
  const size = cdOffset + centralBytes + end(planned.length, cdOffset, centralBytes).length;
  return {
    contentType: 'application/zip',
    extension: 'zip',
    size,
    stream: () =>
      Readable.from(
        (async function* () {
          const crcs: number[] = [];
          for (const p of planned) {
            yield localHeader(p);
            let crc = 0;
            if (p.entry.type === 'file') {
              if (p.entry.size > 0) {
                for await (const chunk of entryBytes(p.entry)) {
                  crc = crc32(chunk, crc);
                  yield chunk;
                }
              }
              yield dataDescriptor(p, crc);
            }
            crcs.push(crc);
          }
          const central = Buffer.concat(planned.map((p, i) => centralHeader(p, crcs[i])));
          yield central;
          yield end(planned.length, cdOffset, central.length);
        })(),
        { objectMode: false },
      ),
  };
}
