import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

/** The platform's audit log of acts on someone else's work (issue 14). */
export class AuditLog1796000000000 implements MigrationInterface {
  name = 'AuditLog1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'created_at', type: t.timestamp },
          varchar('actor_id', 36, { isNullable: true }),
          varchar('actor', 64),
          varchar('service', 32),
          varchar('action', 64),
          { name: 'target', type: t.text },
          varchar('target_owner_id', 64, { isNullable: true }),
          { name: 'reason', type: t.text, isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_audit_log_created_at', columnNames: ['created_at', 'id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_log');
  }
}
