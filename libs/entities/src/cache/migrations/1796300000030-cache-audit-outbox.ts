import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from '@simvault/db';
import { auditColumns } from '../../auth/audit-columns';

/**
 * Audit acts written in the transaction of the cache change they describe (a replaced entry),
 * until they are moved to the audit log in the auth database (AuditLog.recordIn / forward). The
 * columns of `audit_log`.
 */
export class CacheAuditOutbox1796300000030 implements MigrationInterface {
  name = 'CacheAuditOutbox1796300000030';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_outbox',
        columns: auditColumns(t),
        // The leftovers sweep reads by age.
        indices: [new TableIndex({ name: 'idx_audit_outbox_created_at', columnNames: ['created_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_outbox');
  }
}
