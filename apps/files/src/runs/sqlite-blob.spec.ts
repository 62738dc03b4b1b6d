import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BlobNotFoundError, openBlob } from './sqlite-blob';

const read = async (stream: NodeJS.ReadableStream) => {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('openBlob: a value streamed from the pages of a SQLite file', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'simvault-blob-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A table like sim2l's artifacts, with `rows` filler rows around the ones under test. */
  function file(name: string, pageSize: number, values: (Buffer | string | null)[], filler = 0) {
    const path = join(dir, name);
    const db = new Database(path);
    db.pragma(`page_size = ${pageSize}`);
    db.exec(`CREATE TABLE artifacts (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, path TEXT,
      content_hash TEXT, content_type TEXT, size_bytes INTEGER, category TEXT, data BLOB, external_path TEXT,
      description TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)`);
    const insert = db.prepare(
      'INSERT INTO artifacts (name, path, content_hash, size_bytes, category, data, description) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const ids: number[] = [];
    db.transaction(() => {
      for (let i = 0; i < filler; i++)
        insert.run(`filler-${i}`, null, null, 3, 'data', Buffer.from('abc'), null);
      for (const [i, value] of values.entries()) {
        ids.push(
          Number(
            insert.run(
              `value-${i}-${'n'.repeat(i * 40)}`,
              'some/relative/path',
              sha(Buffer.from(value ?? '')),
              value?.length ?? null,
              'output',
              value,
              'x'.repeat(300 * i),
            ).lastInsertRowid,
          ),
        );
      }
      for (let i = 0; i < filler; i++)
        insert.run(`after-${i}`, null, null, 3, 'data', Buffer.from('xyz'), null);
    })();
    db.close();
    return { path, ids };
  }

  it.each([512, 1024, 4096, 65536])(
    'reads values of every size exactly, on %i-byte pages, in a b-tree with interior pages',
    async (pageSize) => {
      const values = [
        Buffer.alloc(0),
        Buffer.from('tiny'),
        randomBytes(pageSize - 100),
        randomBytes(pageSize * 3 + 17),
        randomBytes(2 * 1024 * 1024 + 333),
      ];
      const { path, ids } = file(`p${pageSize}.db`, pageSize, values, 400);
      for (const [i, id] of ids.entries()) {
        const blob = openBlob(path, 'artifacts', 'data', id);
        expect(blob.method).toBe('pages');
        expect(blob.size).toBe(values[i].length);
        expect(sha(await read(blob.stream()))).toBe(sha(values[i]));
      }
    },
  );

  it('reads a range of a value, from the pages and through the WAL fallback alike', async () => {
    const value = randomBytes(3 * 1024 * 1024 + 77);
    const { path, ids } = file('range.db', 4096, [value]);
    const blob = openBlob(path, 'artifacts', 'data', ids[0]);
    for (const [start, end] of [
      [0, 0],
      [1000, 999_999],
      [value.length - 10, value.length - 1],
      [4000, 4200],
    ]) {
      expect((await read(blob.stream({ start, end }))).equals(value.subarray(start, end + 1))).toBe(true);
    }
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.close();
    const sliced = openBlob(path, 'artifacts', 'data', ids[0]);
    expect(sliced.method).toBe('slices');
    const range = { start: 2_000_000, end: value.length - 1 };
    expect((await read(sliced.stream(range))).equals(value.subarray(range.start))).toBe(true);
  });

  it('reads TEXT values as their UTF-8 bytes', async () => {
    const text = 'é'.repeat(10_000);
    const { path, ids } = file('text.db', 4096, [text]);
    const blob = openBlob(path, 'artifacts', 'data', ids[0]);
    expect(blob.size).toBe(Buffer.byteLength(text));
    expect((await read(blob.stream())).toString('utf8')).toBe(text);
  });

  it('falls back to slices through SQLite for a file in WAL mode', async () => {
    const value = randomBytes(9 * 1024 * 1024);
    const { path, ids } = file('wal.db', 4096, [value]);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.close();
    const blob = openBlob(path, 'artifacts', 'data', ids[0]);
    expect(blob.method).toBe('slices');
    expect(sha(await read(blob.stream()))).toBe(sha(value));
  });

  it('says what is missing: the row, the column, a value that is not bytes', () => {
    const { path, ids } = file('missing.db', 4096, [null]);
    expect(() => openBlob(path, 'artifacts', 'data', 999)).toThrow(BlobNotFoundError);
    expect(() => openBlob(path, 'artifacts', 'nope', ids[0])).toThrow(/no nope column/);
    expect(() => openBlob(path, 'artifacts', 'data', ids[0])).toThrow(/holds no bytes/);
  });
});
