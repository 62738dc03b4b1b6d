import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnTypes } from '@simvault/db';

/**
 * The newest valid result of a simulation (GET /latest, LUTE's latest valid entry), and whether a result's values agree with its catalog version's schema (issue 21), and the warnings
 * when they do not. Backfill: none. Results registered before the check were never checked, so
 * they keep NULL ("not checked"), as do results whose simulation the catalog does not know;
 * `schema_ok = false` only ever means a check found a problem.
 */
export class ResultsSchemaOk1797000000001 implements MigrationInterface {
  name = 'ResultsSchemaOk1797000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.addColumns('results', [
      new TableColumn({ name: 'schema_ok', type: t.boolean, isNullable: true }),
      new TableColumn({ name: 'schema_warnings', type: t.json, isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'results',
      new TableIndex({ name: 'idx_results_schema_ok', columnNames: ['schema_ok', 'simulation_name'] }),
    );
    // GET /latest/<simulation>: a simulation's newest valid results, read backwards from the index.
    await queryRunner.createIndex(
      'results',
      new TableIndex({ name: 'idx_results_latest', columnNames: ['simulation_name', 'valid', 'created_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('results', 'idx_results_latest');
    await queryRunner.dropIndex('results', 'idx_results_schema_ok');
    await queryRunner.dropColumn('results', 'schema_warnings');
    await queryRunner.dropColumn('results', 'schema_ok');
  }
}
