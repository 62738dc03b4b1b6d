import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

export class FilesInitial1764300000000 implements MigrationInterface {
  name = 'FilesInitial1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    // Byte order on both backends (SQLite's BINARY), so listings sort, page and compare alike.
    const bytewise = t.pg ? 'C' : undefined;
    await queryRunner.createTable(
      new Table({
        name: 'file_entries',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('parent_id', 36, { isNullable: true }),
          varchar('name', 255, { collation: bytewise }),
          { name: 'is_folder', type: t.boolean },
          { name: 'size', type: t.bigint, default: 0 },
          // A folder's number of entries, kept with every change: a listing's total without a count.
          { name: 'child_count', type: 'integer', default: 0 },
          { name: 'uri', type: t.text, isNullable: true },
          varchar('checksum', 64, { isNullable: true }),
          varchar('content_type', 255, { isNullable: true }),
          varchar('creator', 64),
          { name: 'metadata', type: t.json, isNullable: true },
          { name: 'date_created', type: t.timestamp },
          { name: 'date_modified', type: t.timestamp },
        ],
        foreignKeys: [
          // No cascade: a folder goes only with its subtree, deleted in one statement on purpose.
          new TableForeignKey({
            name: 'fk_file_entries_parent',
            columnNames: ['parent_id'],
            referencedTableName: 'file_entries',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          // Names are unique within a folder; this index also lists a folder by name and serves
          // the foreign key's lookups when entries are deleted.
          new TableIndex({
            name: 'uq_file_entries_parent_name',
            columnNames: ['parent_id', 'name'],
            isUnique: true,
          }),
          // The other orders a folder lists in, with the id that breaks ties (and keys cursors).
          new TableIndex({
            name: 'idx_file_entries_parent_created',
            columnNames: ['parent_id', 'date_created', 'id'],
          }),
          new TableIndex({
            name: 'idx_file_entries_parent_modified',
            columnNames: ['parent_id', 'date_modified', 'id'],
          }),
          new TableIndex({ name: 'idx_file_entries_parent_size', columnNames: ['parent_id', 'size', 'id'] }),
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO file_entries (id, parent_id, name, is_folder, size, creator, date_created, date_modified)
       VALUES ('root', NULL, '', ${t.pg ? 'TRUE' : '1'}, 0, 'system', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
    );
    await queryRunner.createTable(
      new Table({
        name: 'file_tags',
        columns: [varchar('entry_id', 36, { isPrimary: true }), varchar('tag', 100, { isPrimary: true })],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_file_tags_entry',
            columnNames: ['entry_id'],
            referencedTableName: 'file_entries',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'idx_file_tags_tag', columnNames: ['tag', 'entry_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'file_runs',
        columns: [
          varchar('execution_id', 128, { isPrimary: true }),
          varchar('simulation_name', 255),
          varchar('simulation_version', 100),
          { name: 'run_file', type: t.text },
          varchar('checksum', 64),
          { name: 'artifact_count', type: 'integer' },
          { name: 'total_size', type: t.bigint },
          { name: 'indexed_at', type: t.timestamp },
          varchar('indexed_by', 64),
        ],
        indices: [
          new TableIndex({
            name: 'idx_file_runs_simulation',
            columnNames: ['simulation_name', 'simulation_version'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'run_artifacts',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          varchar('execution_id', 128),
          { name: 'artifact_id', type: 'integer' },
          varchar('simulation_name', 255),
          varchar('simulation_version', 100),
          { name: 'name', type: t.text },
          { name: 'path', type: t.text, isNullable: true },
          { name: 'size', type: t.bigint },
          varchar('category', 32, { isNullable: true }),
          varchar('content_type', 255, { isNullable: true }),
          varchar('sha256', 64, { isNullable: true }),
          { name: 'description', type: t.text, isNullable: true },
          varchar('created_at', 64, { isNullable: true }),
          varchar('storage', 16),
          { name: 'external_path', type: t.text, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_run_artifacts_run',
            columnNames: ['execution_id'],
            referencedTableName: 'file_runs',
            referencedColumnNames: ['execution_id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({
            name: 'uq_run_artifacts_artifact',
            columnNames: ['execution_id', 'artifact_id'],
            isUnique: true,
          }),
          // Every run of a simulation version, in a stable order, from the index alone.
          new TableIndex({
            name: 'idx_run_artifacts_simulation',
            columnNames: ['simulation_name', 'simulation_version', 'execution_id', 'artifact_id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('run_artifacts');
    await queryRunner.dropTable('file_runs');
    await queryRunner.dropTable('file_tags');
    await queryRunner.dropTable('file_entries');
  }
}
