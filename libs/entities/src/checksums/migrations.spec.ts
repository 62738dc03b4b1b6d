import { migrate, openDatabase } from '@simvault/db';
import { createTestDatabase, TEST_BACKENDS } from '@simvault/db/testing';
import { CHECKSUM_ENTITIES, CHECKSUM_MIGRATIONS, CHECKSUM_MIGRATIONS_TABLE, CHECKSUM_TABLES } from './index';

describe.each(TEST_BACKENDS)('checksum migrations on %s', (backend) => {
  it('build the reference layout with an index for every lookup, are idempotent, and revert cleanly', async () => {
    const db = await createTestDatabase(backend, 'checksum_migrations');
    const ds = await openDatabase({
      url: db.url,
      entities: CHECKSUM_ENTITIES,
      migrations: CHECKSUM_MIGRATIONS,
      migrationsTableName: CHECKSUM_MIGRATIONS_TABLE,
      runMigrations: true,
    });
    const runner = ds.createQueryRunner();
    try {
      const columns: Record<string, string[]> = {};
      const indices: Record<string, string[]> = {};
      for (const name of CHECKSUM_TABLES) {
        const table = await runner.getTable(name);
        columns[name] = table!.columns.map((c) => c.name);
        indices[name] = table!.indices.map((i) => i.name!).sort();
      }
      expect(columns).toEqual({
        transformation: ['checksum', 'result'],
        rev_transformation: ['id', 'result', 'checksum'],
        buffer_info: ['checksum', 'buffer_info'],
        syntactic_to_semantic: ['syntactic', 'celltype', 'subcelltype', 'semantic'],
        expression: ['input_checksum', 'path', 'celltype', 'target_celltype', 'result'],
        meta_data: ['checksum', 'result', 'metadata'],
        irreproducible_transformation: ['id', 'checksum', 'result', 'metadata'],
        bucket_probe: ['bucket_kind', 'label', 'bucket_checksum', 'captured_at', 'freshness_tokens'],
      });
      expect(indices).toEqual({
        transformation: ['idx_transformation_result'],
        rev_transformation: ['idx_rev_transformation_checksum', 'uq_rev_transformation_result_checksum'],
        buffer_info: [],
        syntactic_to_semantic: ['idx_syntactic_to_semantic_semantic'],
        expression: ['idx_expression_result'],
        meta_data: ['idx_meta_data_result'],
        irreproducible_transformation: [
          'idx_irreproducible_transformation_checksum',
          'idx_irreproducible_transformation_result',
        ],
        bucket_probe: [],
      });
      expect(await migrate(ds)).toEqual([]);
      await ds.undoLastMigration();
      for (const name of CHECKSUM_TABLES) expect(await runner.hasTable(name)).toBe(false);
    } finally {
      await runner.release();
      await ds.destroy();
      await db.drop();
    }
  });
});
