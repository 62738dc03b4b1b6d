import { migrate, openDatabase } from '@simvault/db';
import { createTestDatabase, TEST_BACKENDS } from '@simvault/db/testing';
import { RESULTS_ENTITIES, RESULTS_MIGRATIONS, RESULTS_MIGRATIONS_TABLE, RESULTS_TABLES } from './index';

describe.each(TEST_BACKENDS)('results migrations on %s', (backend) => {
  it('build the tables with the indexes that serve searches, are idempotent, and revert cleanly', async () => {
    const db = await createTestDatabase(backend, 'results_migrations');
    const ds = await openDatabase({
      url: db.url,
      entities: RESULTS_ENTITIES,
      migrations: RESULTS_MIGRATIONS,
      migrationsTableName: RESULTS_MIGRATIONS_TABLE,
      runMigrations: true,
    });
    const runner = ds.createQueryRunner();
    try {
      const indices: Record<string, string[]> = {};
      for (const name of RESULTS_TABLES) {
        const table = await runner.getTable(name);
        indices[name] = table!.indices.map((i) => i.name!).sort();
      }
      expect(indices).toEqual({
        result_schemas: ['uq_result_schemas_version'],
        results: [
          'idx_results_latest',
          'idx_results_owner',
          'idx_results_run_checksum',
          'idx_results_schema_id',
          'idx_results_schema_ok',
          'idx_results_simulation',
          'idx_results_simulation_version',
          'idx_results_status',
          'idx_results_valid_created_at',
          'uq_results_execution_id',
          'uq_results_squid_id',
        ],
        result_parameters: ['idx_result_parameters_class_name', 'uq_result_parameters_name'],
        result_values: ['idx_result_values_number', 'idx_result_values_text'],
        result_tags: ['idx_result_tags_key_value'],
      });
      const tags = (await runner.getTable('result_tags'))!;
      expect(tags.primaryColumns.map((c) => c.name).sort()).toEqual(['key', 'result_id']);
      // TypeORM reads PostgreSQL's index columns in table order, so compare the set.
      expect([...tags.indices[0].columnNames].sort()).toEqual(['key', 'result_id', 'value']);
      expect(tags.foreignKeys.find((f) => f.referencedTableName === 'results')?.onDelete).toBe('CASCADE');
      const values = await runner.getTable('result_values');
      expect(values!.primaryColumns.map((c) => c.name).sort()).toEqual(['parameter_id', 'result_id']);
      expect(values!.foreignKeys.find((f) => f.referencedTableName === 'results')?.onDelete).toBe('CASCADE');
      expect(await migrate(ds)).toEqual([]);
      const byVersion = (await runner.getTable('results'))!.indices.find(
        (i) => i.name === 'idx_results_simulation_version',
      );
      expect(byVersion!.columnNames).toEqual(['simulation_name', 'simulation_version', 'valid']);
      await ds.undoLastMigration();
      expect(await runner.hasTable('result_tags')).toBe(false);
      await ds.undoLastMigration();
      const afterSchemaOk = (await runner.getTable('results'))!;
      expect(afterSchemaOk.findColumnByName('schema_ok')).toBeUndefined();
      expect(afterSchemaOk.indices.find((i) => i.name === 'idx_results_schema_ok')).toBeUndefined();
      await ds.undoLastMigration();
      expect((await runner.getTable('results'))!.findColumnByName('owner_id')).toBeUndefined();
      await ds.undoLastMigration();
      expect(
        (await runner.getTable('results'))!.indices.find((i) => i.name === 'idx_results_simulation_version')!
          .columnNames,
      ).toEqual(['simulation_name', 'simulation_version']);
      await ds.undoLastMigration();
      for (const name of RESULTS_TABLES) expect(await runner.hasTable(name)).toBe(false);
    } finally {
      await runner.release();
      await ds.destroy();
      await db.drop();
    }
  });
});
