import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

/** Users from an LDAP directory or an OpenID Connect provider (issue 22), keyed by its stable id. */
export class ExternalIdentities1795900000001 implements MigrationInterface {
  name = 'ExternalIdentities1795900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.addColumns('users', [
      new TableColumn(varchar('provider', 16, { default: "'local'" })),
      new TableColumn(varchar('external_id', 255, { isNullable: true })),
      new TableColumn({ name: 'provider_active', type: t.boolean, default: true }),
      new TableColumn({ name: 'provider_checked_at', type: t.timestamp, isNullable: true }),
      new TableColumn({ name: 'provider_refresh', type: t.text, isNullable: true }),
    ]);
    await queryRunner.createIndices('users', [
      new TableIndex({
        name: 'idx_users_provider_external_id',
        columnNames: ['provider', 'external_id'],
        isUnique: true,
      }),
      new TableIndex({
        name: 'idx_users_provider_checked_at',
        columnNames: ['provider', 'provider_checked_at'],
      }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'idx_users_provider_checked_at');
    await queryRunner.dropIndex('users', 'idx_users_provider_external_id');
    for (const column of [
      'provider_refresh',
      'provider_checked_at',
      'provider_active',
      'external_id',
      'provider',
    ])
      await queryRunner.dropColumn('users', column);
  }
}
