import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

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
        // The leftovers sweep reads by age.
        indices: [new TableIndex({ name: 'idx_audit_outbox_created_at', columnNames: ['created_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_outbox');
  }
}
