import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

/** The shared login limit (issue 14): one row per client address and username. */
export class LoginAttempts1795900000000 implements MigrationInterface {
  name = 'LoginAttempts1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'login_attempts',
        columns: [
          varchar('key_hash', 64, { isPrimary: true }),
          { name: 'times', type: t.text },
          { name: 'last_at', type: t.bigint },
        ],
        indices: [new TableIndex({ name: 'idx_login_attempts_last_at', columnNames: ['last_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('login_attempts');
  }
}
