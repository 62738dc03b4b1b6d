import { migrate, openDatabase } from '@simvault/db';
import { createTestDatabase, TEST_BACKENDS } from '@simvault/db/testing';
import { CATALOG_ENTITIES, CATALOG_MIGRATIONS, CATALOG_MIGRATIONS_TABLE, CATALOG_TABLES } from './index';

describe.each(TEST_BACKENDS)('catalog migrations on %s', (backend) => {
  it('build the tables and the full-text index, keep the index in step with the rows, and revert cleanly', async () => {
    const db = await createTestDatabase(backend, 'catalog_migrations');
    const ds = await openDatabase({
      url: db.url,
      entities: CATALOG_ENTITIES,
      migrations: CATALOG_MIGRATIONS,
      migrationsTableName: CATALOG_MIGRATIONS_TABLE,
      runMigrations: true,
    });
    const runner = ds.createQueryRunner();
    const pg = backend === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    try {
      for (const name of CATALOG_TABLES) expect(await runner.hasTable(name)).toBe(true);
      const executions = await runner.getTable('executions');
      expect(executions!.indices.find((i) => i.name === 'uq_executions_execution_id')?.isUnique).toBe(true);
      expect(executions!.foreignKeys[0].onDelete).toBe('CASCADE');

      // A row written by hand is found, changed and forgotten by the index without any service code.
      const now = new Date();
      await ds.query(
        `INSERT INTO simulations (name, version, version_key, description, tags, input_schema, output_schema, status, visibility, created_by, created_at, updated_at)
         VALUES (${p(1)}, '1.0', 'A1.A0#', ${p(2)}, '["fluids"]', '{}', '{}', 'active', 'public', 'me', ${p(3)}, ${p(4)})`,
        ['heat_solver', 'Solves conduction', ...(pg ? [now, now] : [now.toISOString(), now.toISOString()])],
      );
      const find = async (word: string): Promise<number> => {
        const rows = pg
          ? await ds.query(
              `SELECT count(*) AS n FROM simulations WHERE search_vector @@ to_tsquery('simple', $1)`,
              [word],
            )
          : await ds.query(`SELECT count(*) AS n FROM simulations_fts WHERE simulations_fts MATCH ?`, [word]);
        return Number(rows[0].n);
      };
      expect(await find('solver')).toBe(1);
      expect(await find('conduction')).toBe(1);
      expect(await find('fluids')).toBe(1);
      await ds.query(`UPDATE simulations SET description = 'Solves radiation', tags = '["optics"]'`);
      expect(await find('conduction')).toBe(0);
      expect(await find('radiation')).toBe(1);
      expect(await find('optics')).toBe(1);
      await ds.query('DELETE FROM simulations');
      expect(await find('radiation')).toBe(0);

      expect(await migrate(ds)).toEqual([]);
      await ds.undoLastMigration();
      for (const name of CATALOG_TABLES) expect(await runner.hasTable(name)).toBe(false);
      if (!pg) expect(await runner.hasTable('simulations_fts')).toBe(false);
    } finally {
      await runner.release();
      await ds.destroy();
      await db.drop();
    }
  });
});
