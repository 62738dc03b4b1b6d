import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOwnerColumn, dropOwnerColumn } from '../../owner-column';

/**
 * Folders and files belong to a user by id (issue 14); `creator` stays the name shown. An anonymous
 * session's entries already named their session (`anonymous:<id>`), which is their owner id.
 */
export class FilesOwner1796000000003 implements MigrationInterface {
  name = 'FilesOwner1796000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOwnerColumn(queryRunner, 'file_entries', 'creator');
    await queryRunner.query(`UPDATE file_entries SET owner_id = creator WHERE creator LIKE 'anonymous:%'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOwnerColumn(queryRunner, 'file_entries');
  }
}
