import { migrate, openDatabase } from '@simvault/db';
import { createTestDatabase, TEST_BACKENDS } from '@simvault/db/testing';
import { FILES_ENTITIES, FILES_MIGRATIONS, FILES_MIGRATIONS_TABLE, FILES_TABLES } from './index';

describe.each(TEST_BACKENDS)('files migrations on %s', (backend) => {
  it('build the tables, the root folder and the indexes listings use; idempotent; revert cleanly', async () => {
    const db = await createTestDatabase(backend, 'files_migrations');
    const ds = await openDatabase({
      url: db.url,
      entities: FILES_ENTITIES,
      migrations: FILES_MIGRATIONS,
      migrationsTableName: FILES_MIGRATIONS_TABLE,
      runMigrations: true,
    });
    const runner = ds.createQueryRunner();
    try {
      const indices: Record<string, string[]> = {};
      for (const name of FILES_TABLES) {
        const table = await runner.getTable(name);
        indices[name] = table!.indices.map((i) => i.name!).sort();
      }
      expect(indices).toEqual({
        file_entries: [
          'idx_file_entries_owner',
          'idx_file_entries_parent_created',
          'idx_file_entries_parent_modified',
          'idx_file_entries_parent_size',
          'uq_file_entries_parent_name',
        ],
        file_tags: ['idx_file_tags_tag'],
        file_runs: ['idx_file_runs_simulation'],
        run_artifacts: [
          'idx_run_artifacts_sha256',
          'idx_run_artifacts_simulation',
          'uq_run_artifacts_artifact',
        ],
      });
      const entries = await runner.getTable('file_entries');
      expect(entries!.foreignKeys.map((f) => [f.referencedTableName, f.onDelete])).toEqual([
        ['file_entries', 'NO ACTION'],
      ]);
      const root = await ds.query(`SELECT id, parent_id, is_folder FROM file_entries`);
      expect(root).toEqual([{ id: 'root', parent_id: null, is_folder: backend === 'postgres' ? true : 1 }]);
      expect(await migrate(ds)).toEqual([]);
      await ds.undoLastMigration();
      expect((await runner.getTable('run_artifacts'))!.indices.map((i) => i.name)).not.toContain(
        'idx_run_artifacts_sha256',
      );
      await ds.undoLastMigration();
      expect((await runner.getTable('file_entries'))!.findColumnByName('owner_id')).toBeUndefined();
      await ds.undoLastMigration();
      for (const name of FILES_TABLES) expect(await runner.hasTable(name)).toBe(false);
    } finally {
      await runner.release();
      await ds.destroy();
      await db.drop();
    }
  });
});
