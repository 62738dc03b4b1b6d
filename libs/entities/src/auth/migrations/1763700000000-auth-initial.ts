import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

export class AuthInitial1763700000000 implements MigrationInterface {
  name = 'AuthInitial1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('username', 64, { isUnique: true }),
          varchar('email', 255, { isNullable: true }),
          varchar('password_hash', 255),
          varchar('role', 16),
          { name: 'active', type: t.boolean, default: true },
          { name: 'created_at', type: t.timestamp },
          { name: 'updated_at', type: t.timestamp },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('user_id', 36, { isNullable: true }),
          varchar('kind', 16),
          varchar('name', 100, { isNullable: true }),
          varchar('privileges', 200, { isNullable: true }),
          { name: 'created_at', type: t.timestamp },
          { name: 'expires_at', type: t.timestamp },
          { name: 'revoked_at', type: t.timestamp, isNullable: true },
          varchar('client_address', 64, { isNullable: true }),
          varchar('user_agent', 255, { isNullable: true }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'idx_sessions_user_kind', columnNames: ['user_id', 'kind'] }),
          new TableIndex({ name: 'idx_sessions_expires_at', columnNames: ['expires_at'] }),
          new TableIndex({ name: 'idx_sessions_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
  }
}
