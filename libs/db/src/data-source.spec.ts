import { statSync } from 'node:fs';
import { EntitySchema } from 'typeorm';
import { createTestDatabase, TEST_BACKENDS } from './testing';
import { openDatabase } from './data-source';
import { parseDatabaseUrl, redact } from './url';

describe('database URLs', () => {
  it('parses sqlite paths and postgres URLs', () => {
    expect(parseDatabaseUrl('sqlite:/tmp/a.sqlite')).toEqual({ backend: 'sqlite', target: '/tmp/a.sqlite' });
    expect(parseDatabaseUrl('sqlite:data/a.sqlite').target).toMatch(/\/data\/a\.sqlite$/);
    expect(parseDatabaseUrl('postgresql://u@h/db')).toEqual({
      backend: 'postgres',
      target: 'postgresql://u@h/db',
    });
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db')).toThrow(
      'Unsupported database URL "mysql://u:***@h/db"',
    );
    expect(redact('postgres://u:pw@h/db')).toBe('postgres://u:***@h/db');
  });
});

describe('SQLite connections', () => {
  it('are opened with WAL, synchronous NORMAL, a busy timeout and foreign keys', async () => {
    const db = await createTestDatabase('sqlite', 'pragmas');
    const ds = await openDatabase({ url: db.url, entities: [], runMigrations: false });
    try {
      expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await ds.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
      expect(await ds.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      expect(await ds.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('are checkpointed by a worker thread, not inside a commit on the event loop', async () => {
    const db = await createTestDatabase('sqlite', 'checkpoint');
    const file = parseDatabaseUrl(db.url).target;
    const ds = await openDatabase({ url: db.url, entities: [], runMigrations: false });
    try {
      expect(await ds.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 0 }]);
      await ds.query('CREATE TABLE filler (id integer primary key, body text not null)');
      const before = statSync(file).size;
      // About 1 MB in the WAL: under SQLite's own 1000-page threshold, so only the worker's
      // checkpoint moves it into the database file.
      await ds.query(
        `INSERT INTO filler (body) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
         SELECT hex(randomblob(500)) FROM n`,
      );
      expect(statSync(file).size).toBe(before);
      const deadline = Date.now() + 5000;
      while (statSync(file).size === before && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statSync(file).size).toBeGreaterThan(before + 500_000);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});

const Thing = new EntitySchema<{ id: number; name: string }>({
  name: 'thing',
  columns: { id: { type: Number, primary: true }, name: { type: String } },
});

describe.each(TEST_BACKENDS)('test databases on %s', (backend) => {
  it('are fresh, usable, and gone after drop', async () => {
    const db = await createTestDatabase(backend, 'fresh');
    const ds = await openDatabase({ url: db.url, entities: [Thing], runMigrations: false });
    await ds.query('CREATE TABLE thing (id integer primary key, name varchar(20) not null)');
    await ds.getRepository(Thing).insert({ id: 1, name: 'one' });
    expect(await ds.getRepository(Thing).count()).toBe(1);
    await ds.destroy();
    await db.drop();
    await expect(
      openDatabase({ url: db.url, entities: [], runMigrations: false, readonly: backend === 'sqlite' }),
    ).rejects.toThrow(/Cannot open database/);
  });
});
