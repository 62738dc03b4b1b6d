import { Readable } from 'node:stream';
import { entryBytes, type Archive, type ArchiveEntry } from './archive';

const BLOCK = 512;
/** The largest size the ustar header's 11 octal digits hold; larger sizes go in a PAX record. */
const USTAR_MAX_SIZE = 0o77777777777;

const pad = (n: number) => (BLOCK - (n % BLOCK)) % BLOCK;

/** "<length> <key>=<value>\n", where the length counts the whole record, itself included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return `${length}${body}`;
}

/** Splits a path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes), when it is plain ASCII and fits. */
function ustarName(path: string): { name: string; prefix: string } | null {
  if (!/^[\x20-\x7e]*$/.test(path)) return null;
  if (path.length <= 100) return { name: path, prefix: '' };
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { name, prefix };
    if (path.length - i - 1 > 100) break;
  }
  return null;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(path: string, size: number, mtime: Date, type: '0' | '5' | 'x', mode: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const fit = ustarName(path) ?? { name: asciiFallback(path, 100), prefix: '' };
  block.write(fit.name, 0, 100, 'latin1');
  block.write(octal(mode, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  block.write(octal(Math.min(size, USTAR_MAX_SIZE), 12), 124, 'latin1');
  block.write(octal(Math.max(0, Math.floor(mtime.getTime() / 1000)), 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(type, 156, 'latin1');
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.write(fit.prefix, 345, 155, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function asciiFallback(path: string, max: number): string {
  const plain = path.replace(/[^\x20-\x7e]/g, '_');
  return plain.length <= max ? plain : plain.slice(plain.length - max);
}

/** The PAX records an entry needs: a path ustar cannot hold, a size past 8 GiB, the content digest. */
function paxOf(entry: ArchiveEntry, path: string): string {
  let records = '';
  if (!ustarName(path)) records += paxRecord('path', path);
  if (entry.size > USTAR_MAX_SIZE) records += paxRecord('size', String(entry.size));
  // An extended attribute: GNU tar ignores it silently and restores it with --xattrs; our client checks it.
  if (entry.digest)
    records += paxRecord(`SCHILY.xattr.user.simvault.${entry.digest.algorithm}`, entry.digest.hex);
  return records;
}

function layout(entries: ArchiveEntry[]) {
  return entries.map((entry) => {
    const path = entry.type === 'directory' ? `${entry.path}/` : entry.path;
    const pax = paxOf(entry, path);
    const paxBytes = Buffer.byteLength(pax);
    const size = entry.type === 'directory' ? 0 : entry.size;
    return {
      entry,
      path,
      pax,
      bytes: (paxBytes ? BLOCK + paxBytes + pad(paxBytes) : 0) + BLOCK + size + pad(size),
    };
  });
}

/** A POSIX (pax) tar of the entries, streamed; its size is computed before the first byte. */
export function tarArchive(entries: ArchiveEntry[]): Archive {
  const planned = layout(entries);
  return {
    contentType: 'application/x-tar',
    extension: 'tar',
    size: planned.reduce((sum, p) => sum + p.bytes, 0) + 2 * BLOCK,
    stream: () =>
      Readable.from(
        (async function* () {
          for (const { entry, path, pax } of planned) {
            if (pax) {
              const body = Buffer.from(pax);
              yield header(
                `PaxHeaders/${asciiFallback(path.replace(/\/$/, '').split('/').pop()!, 80)}`,
                body.length,
                entry.mtime,
                'x',
                0o644,
              );
              yield Buffer.concat([body, Buffer.alloc(pad(body.length))]);
            }
            if (entry.type === 'directory') {
              yield header(path, 0, entry.mtime, '5', 0o755);
              continue;
            }
            yield header(path, entry.size, entry.mtime, '0', 0o644);
            if (entry.size > 0) yield* entryBytes(entry);
            if (pad(entry.size)) yield Buffer.alloc(pad(entry.size));
          }
          yield Buffer.alloc(2 * BLOCK);
        })(),
        { objectMode: false },
      ),
  };
}
