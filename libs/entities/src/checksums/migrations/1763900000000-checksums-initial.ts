import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

const checksum = (name: string, extra = {}) => varchar(name, 64, extra);

/**
 * The seamless-database records, laid out like the reference server's SQLite file (same table and
 * column names), plus an index for every lookup the protocol and the REST routes make.
 */
export class ChecksumsInitial1763900000000 implements MigrationInterface {
  name = 'ChecksumsInitial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const id = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    await queryRunner.createTable(
      new Table({
        name: 'transformation',
        columns: [checksum('checksum', { isPrimary: true }), checksum('result')],
        indices: [new TableIndex({ name: 'idx_transformation_result', columnNames: ['result'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rev_transformation',
        columns: [id, checksum('result'), checksum('checksum')],
        indices: [
          new TableIndex({
            name: 'uq_rev_transformation_result_checksum',
            columnNames: ['result', 'checksum'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_rev_transformation_checksum', columnNames: ['checksum'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'buffer_info',
        columns: [checksum('checksum', { isPrimary: true }), { name: 'buffer_info', type: t.text }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'syntactic_to_semantic',
        columns: [
          checksum('syntactic', { isPrimary: true }),
          { name: 'celltype', type: t.text, isPrimary: true },
          { name: 'subcelltype', type: t.text, isPrimary: true },
          checksum('semantic', { isPrimary: true }),
        ],
        indices: [
          new TableIndex({
            name: 'idx_syntactic_to_semantic_semantic',
            columnNames: ['semantic', 'celltype', 'subcelltype'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'expression',
        columns: [
          checksum('input_checksum', { isPrimary: true }),
          varchar('path', 100, { isPrimary: true }),
          varchar('celltype', 20, { isPrimary: true }),
          varchar('target_celltype', 20, { isPrimary: true }),
          checksum('result'),
        ],
        indices: [new TableIndex({ name: 'idx_expression_result', columnNames: ['result'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meta_data',
        columns: [
          checksum('checksum', { isPrimary: true }),
          checksum('result'),
          { name: 'metadata', type: t.text },
        ],
        indices: [new TableIndex({ name: 'idx_meta_data_result', columnNames: ['result'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'irreproducible_transformation',
        columns: [id, checksum('checksum'), checksum('result'), { name: 'metadata', type: t.text }],
        indices: [
          new TableIndex({ name: 'idx_irreproducible_transformation_checksum', columnNames: ['checksum'] }),
          new TableIndex({ name: 'idx_irreproducible_transformation_result', columnNames: ['result'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bucket_probe',
        columns: [
          varchar('bucket_kind', 20, { isPrimary: true }),
          { name: 'label', type: t.text, isPrimary: true },
          checksum('bucket_checksum'),
          { name: 'captured_at', type: t.text },
          { name: 'freshness_tokens', type: t.text },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'bucket_probe',
      'irreproducible_transformation',
      'meta_data',
      'expression',
      'syntactic_to_semantic',
      'buffer_info',
      'rev_transformation',
      'transformation',
    ])
      await queryRunner.dropTable(table);
  }
}
