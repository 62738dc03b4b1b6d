import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

/** Longest tag key and value (characters); keys stay short enough to read in a table. */
export const MAX_TAG_KEY = 64;
export const MAX_TAG_VALUE = 256;

/**
 * Tags on results (issue 21): several key/value pairs per run, one value per key. The index on
 * (key, value, result_id) serves `tag.<key> = …` filters from the index alone; the primary key
 * (result_id, key) serves a result's own tags. Tags go with their result (ON DELETE CASCADE).
 * Backfill: none (no result had tags).
 */
export class ResultsTags1798000000001 implements MigrationInterface {
  name = 'ResultsTags1798000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'result_tags',
        columns: [
          { name: 'result_id', type: 'integer', isPrimary: true },
          varchar('key', MAX_TAG_KEY, { isPrimary: true }),
          // Byte order on both backends, as result_values.text_value, so ranges agree.
          varchar('value', MAX_TAG_VALUE, { collation: t.pg ? 'C' : undefined }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['result_id'],
            referencedTableName: 'results',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'idx_result_tags_key_value', columnNames: ['key', 'value', 'result_id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('result_tags');
  }
}
