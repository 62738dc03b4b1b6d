import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOwnerColumn, dropOwnerColumn } from '../../owner-column';

/** Cache entries belong to a user by id (issue 14); `created_by` stays the name shown. */
export class CacheOwner1796000000002 implements MigrationInterface {
  name = 'CacheOwner1796000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOwnerColumn(queryRunner, 'cache_entries', 'created_by');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOwnerColumn(queryRunner, 'cache_entries');
  }
}
