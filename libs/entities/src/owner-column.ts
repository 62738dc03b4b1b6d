import { TableColumn, TableIndex, type QueryRunner } from 'typeorm';

/** The owner id column every owned table has (a user id, or `anonymous:<session id>`). */
export const OWNER_ID_LENGTH = 64;

/**
 * Adds `owner_id` (nullable: rows stored before owners were kept by id start without one, until the
 * app's start-up backfill finds their account) and an index on it with the username column the
 * backfill reads beside it.
 */
export async function addOwnerColumn(queryRunner: QueryRunner, table: string, usernameColumn: string) {
  await queryRunner.addColumn(
    table,
    new TableColumn({ name: 'owner_id', type: 'varchar', length: String(OWNER_ID_LENGTH), isNullable: true }),
  );
  await queryRunner.createIndex(
    table,
    new TableIndex({ name: `idx_${table}_owner`, columnNames: ['owner_id', usernameColumn] }),
  );
}

export async function dropOwnerColumn(queryRunner: QueryRunner, table: string) {
  await queryRunner.dropIndex(table, `idx_${table}_owner`);
  await queryRunner.dropColumn(table, 'owner_id');
}
