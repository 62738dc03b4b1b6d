import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

export class CacheInitial1763800000000 implements MigrationInterface {
  name = 'CacheInitial1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'cache_entries',
        columns: [
          varchar('cache_key', 512, { isPrimary: true }),
          { name: 'simulation_id', type: 'integer', isNullable: true },
          varchar('simulation_name', 255),
          varchar('simulation_version', 100),
          varchar('execution_id', 128),
          varchar('squid_id', 512, { isNullable: true }),
          varchar('input_hash', 255, { isNullable: true }),
          { name: 'run_db_path', type: t.text, isNullable: true },
          varchar('status', 16),
          { name: 'metadata', type: t.json, isNullable: true },
          { name: 'size_bytes', type: t.bigint, default: 0 },
          { name: 'compute_seconds', type: t.double, isNullable: true },
          { name: 'access_count', type: 'integer', default: 0 },
          { name: 'hit_count', type: 'integer', default: 0 },
          { name: 'created_at', type: t.timestamp },
          { name: 'expires_at', type: t.timestamp, isNullable: true },
          { name: 'last_accessed', type: t.timestamp, isNullable: true },
          { name: 'ended_at', type: t.timestamp, isNullable: true },
          varchar('created_by', 64, { isNullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'idx_cache_entries_simulation_id',
            columnNames: ['simulation_id', 'status'],
          }),
          new TableIndex({
            name: 'idx_cache_entries_simulation',
            columnNames: ['simulation_name', 'simulation_version', 'status'],
          }),
          new TableIndex({ name: 'idx_cache_entries_status_expires', columnNames: ['status', 'expires_at'] }),
          new TableIndex({ name: 'idx_cache_entries_status_ended', columnNames: ['status', 'ended_at'] }),
          new TableIndex({ name: 'idx_cache_entries_last_accessed', columnNames: ['last_accessed'] }),
          new TableIndex({ name: 'idx_cache_entries_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cache_invalidations',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'created_at', type: t.timestamp },
          varchar('username', 64),
          { name: 'filter', type: t.text },
          { name: 'reason', type: t.text, isNullable: true },
          { name: 'invalidated_count', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'idx_cache_invalidations_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cache_counters',
        columns: [
          varchar('scope', 64, { isPrimary: true }),
          { name: 'requests', type: t.bigint, default: 0 },
          { name: 'hits', type: t.bigint, default: 0 },
          { name: 'misses', type: t.bigint, default: 0 },
          { name: 'saved_seconds', type: t.double, default: 0 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('cache_counters');
    await queryRunner.dropTable('cache_invalidations');
    await queryRunner.dropTable('cache_entries');
  }
}
