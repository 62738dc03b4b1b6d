import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from '@simvault/db';
import { auditColumns } from '../audit-columns';

/** The platform's audit log of acts on someone else's work (issue 14). */
export class AuditLog1796000000000 implements MigrationInterface {
  name = 'AuditLog1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: auditColumns(t),
        indices: [new TableIndex({ name: 'idx_audit_log_created_at', columnNames: ['created_at', 'id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_log');
  }
}
