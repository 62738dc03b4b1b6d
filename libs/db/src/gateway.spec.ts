import { EntitySchema, type DataSource } from 'typeorm';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from './testing';
import { openDatabase } from './data-source';
import { gatewayOf, GroupCommit } from './gateway';
import { transaction } from './transaction';

const Note = new EntitySchema<{ id: number; body: string }>({
  name: 'note',
  tableName: 'notes',
  columns: { id: { type: Number, primary: true }, body: { type: String } },
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(TEST_BACKENDS)('the database gateway on %s', (backend) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(backend, 'gateway');
    ds = await openDatabase({ url: db.url, entities: [Note], runMigrations: false });
    await ds.query('CREATE TABLE notes (id integer primary key, body varchar(50) not null)');
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    await gatewayOf(ds).execute('DELETE FROM notes');
  });

  const bodies = async () =>
    (await gatewayOf(ds).query<{ body: string }>('SELECT body FROM notes ORDER BY id')).map((r) => r.body);

  it('keeps a plain statement of another request out of an open transaction that then fails', async () => {
    let inside!: () => void;
    const opened = new Promise<void>((resolve) => (inside = resolve));
    const failing = transaction(ds, async (manager) => {
      await manager.query(
        ds.options.type === 'postgres'
          ? 'INSERT INTO notes VALUES ($1, $2)'
          : 'INSERT INTO notes VALUES (?, ?)',
        [1, 'rolled back'],
      );
      inside();
      await tick();
      await tick();
      throw new Error('the transaction fails');
    });
    await opened;
    // Another request, meanwhile: a plain statement (TypeORM's query), a repository write and one
    // through the gateway. Each is answered OK, so each must survive the rollback.
    const plain = ds.query(
      ds.options.type === 'postgres'
        ? 'INSERT INTO notes VALUES ($1, $2)'
        : 'INSERT INTO notes VALUES (?, ?)',
      [2, 'plain'],
    );
    const repository = ds.getRepository(Note).insert({ id: 3, body: 'repository' });
    const saved = ds.getRepository(Note).save({ id: 4, body: 'saved' });
    const gateway = gatewayOf(ds).execute('INSERT INTO notes VALUES (?, ?)', [5, 'gateway']);
    await expect(failing).rejects.toThrow('the transaction fails');
    await Promise.all([plain, repository, saved, gateway]);
    expect(await bodies()).toEqual(['plain', 'repository', 'saved', 'gateway']);
  });

  it('runs overlapping transactions one after the other, each committing only its own work', async () => {
    const order: string[] = [];
    const run = (id: number, fail: boolean) =>
      gatewayOf(ds).transaction(async (tx) => {
        order.push(`begin ${id}`);
        await tx.execute('INSERT INTO notes VALUES (?, ?)', [id, `t${id}`]);
        await tick();
        order.push(`end ${id}`);
        if (fail) throw new Error(`t${id} fails`);
      });
    const results = await Promise.allSettled([run(1, false), run(2, true), run(3, false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await bodies()).toEqual(['t1', 't3']);
    if (backend === 'sqlite') {
      expect(order).toEqual(['begin 1', 'end 1', 'begin 2', 'end 2', 'begin 3', 'end 3']);
    }
  });

  it('answers rows with one placeholder style, and counts what a write changed', async () => {
    const gw = gatewayOf(ds);
    expect(await gw.execute('INSERT INTO notes VALUES (?, ?), (?, ?)', [1, 'a', 2, 'b'])).toBe(2);
    expect(await gw.one<{ body: string }>('SELECT body FROM notes WHERE id = ?', [2])).toEqual({ body: 'b' });
    expect(await gw.execute('UPDATE notes SET body = ? WHERE id > ?', ['c', 0])).toBe(2);
    // A statement inside a transaction's scope is part of it, whichever handle runs it.
    await expect(
      gw.transaction(async () => {
        await gw.execute('DELETE FROM notes');
        expect(await gw.query('SELECT * FROM notes')).toEqual([]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await bodies()).toEqual(['c', 'c']);
  });

  it('commits the writes that arrive while a commit runs together, answering each after its commit', async () => {
    const gw = gatewayOf(ds);
    const batches: number[][] = [];
    const group = new GroupCommit<number, string>(gw, async (tx, ids) => {
      batches.push(ids);
      for (const id of ids) {
        if (id === 13) throw new Error('13 is refused');
        await tx.execute('INSERT INTO notes VALUES (?, ?)', [id, `n${id}`]);
      }
      await tick();
      return ids.map((id) => `n${id}`);
    });
    const seen: string[][] = [];
    const submit = (id: number) =>
      group.submit(id).then(async (answer) => {
        // Answered only once committed: another connection (PostgreSQL) or the next statement
        // outside any transaction (SQLite) already sees the row.
        seen.push(
          (await gw.query<{ body: string }>('SELECT body FROM notes WHERE id = ?', [id])).map((r) => r.body),
        );
        return answer;
      });
    const first = submit(1);
    // The next turn of the event loop: the first one's commit has begun.
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 13, 4].map(submit);
    const results = await Promise.allSettled([first, ...rest]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
      'n1',
      'n2',
      'n3',
      'Error: 13 is refused',
      'n4',
    ]);
    // The first alone; the four that waited in one transaction, which failed on 13, so each of them
    // again on its own.
    expect(batches).toEqual([[1], [2, 3, 13, 4], [2], [3], [13], [4]]);
    expect(seen).toEqual([['n1'], ['n2'], ['n3'], ['n4']]);
    expect(await bodies()).toEqual(['n1', 'n2', 'n3', 'n4']);
  });

  it('commits the writes of one turn of the event loop together', async () => {
    const gw = gatewayOf(ds);
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(gw, async (tx, ids) => {
      batches.push(ids);
      for (const id of ids) await tx.execute('INSERT INTO notes VALUES (?, ?)', [id, `n${id}`]);
      return ids;
    });
    expect(await Promise.all([1, 2, 3].map((id) => group.submit(id)))).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
  });
});
