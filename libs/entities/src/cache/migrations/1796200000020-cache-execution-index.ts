import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The console lists a run's cache entries (GET /cache/entries?execution_id=): that filter is indexed. */
export class CacheExecutionIndex1796200000020 implements MigrationInterface {
  name = 'CacheExecutionIndex1796200000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'cache_entries',
      new TableIndex({ name: 'idx_cache_entries_execution_id', columnNames: ['execution_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('cache_entries', 'idx_cache_entries_execution_id');
  }
}
