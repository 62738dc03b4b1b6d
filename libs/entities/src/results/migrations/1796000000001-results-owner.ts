import { MigrationInterface, QueryRunner } from 'typeorm';
import { addOwnerColumn, dropOwnerColumn } from '../../owner-column';

/** Results belong to a user by id (issue 14); `registered_by` stays the name shown. */
export class ResultsOwner1796000000001 implements MigrationInterface {
  name = 'ResultsOwner1796000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOwnerColumn(queryRunner, 'results', 'registered_by');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOwnerColumn(queryRunner, 'results');
  }
}
