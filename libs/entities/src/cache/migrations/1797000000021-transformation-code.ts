import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { varchar } from '@simvault/db';

/** The code of each transformation buffer (GET /checksums/transformations/{cs}/explain). */
export class TransformationCode1797000000021 implements MigrationInterface {
  name = 'TransformationCode1797000000021';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'transformation_code',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          varchar('checksum', 64),
          varchar('code', 64),
        ],
        indices: [
          new TableIndex({
            name: 'uq_transformation_code_checksum',
            columnNames: ['checksum'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_transformation_code_code_id', columnNames: ['code', 'id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('transformation_code');
  }
}
