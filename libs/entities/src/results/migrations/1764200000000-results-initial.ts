import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

export class ResultsInitial1764200000000 implements MigrationInterface {
  name = 'ResultsInitial1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'result_schemas',
        columns: [
          id,
          varchar('simulation_name', 255),
          varchar('simulation_version', 100),
          { name: 'schema_data', type: t.json },
          { name: 'created_at', type: t.timestamp },
          { name: 'updated_at', type: t.timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'uq_result_schemas_version',
            columnNames: ['simulation_name', 'simulation_version'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'results',
        columns: [
          id,
          varchar('execution_id', 128),
          varchar('squid_id', 512),
          varchar('simulation_name', 255),
          varchar('simulation_version', 100),
          { name: 'schema_id', type: 'integer', isNullable: true },
          varchar('status', 32),
          { name: 'valid', type: t.boolean, default: true },
          { name: 'invalid_reason', type: t.text, isNullable: true },
          { name: 'invalidated_at', type: t.timestamp, isNullable: true },
          { name: 'duration_seconds', type: t.double, isNullable: true },
          { name: 'error_message', type: t.text, isNullable: true },
          { name: 'started_at', type: t.timestamp, isNullable: true },
          { name: 'completed_at', type: t.timestamp, isNullable: true },
          { name: 'input_params', type: t.json },
          { name: 'output_params', type: t.json },
          { name: 'metadata', type: t.json, isNullable: true },
          { name: 'run_file', type: t.text, isNullable: true },
          varchar('run_checksum', 64, { isNullable: true }),
          { name: 'run_size_bytes', type: t.bigint, isNullable: true },
          { name: 'source_path', type: t.text, isNullable: true },
          varchar('source', 16),
          { name: 'created_at', type: t.timestamp },
          { name: 'updated_at', type: t.timestamp },
          varchar('registered_by', 64, { isNullable: true }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['schema_id'],
            referencedTableName: 'result_schemas',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          new TableIndex({ name: 'uq_results_execution_id', columnNames: ['execution_id'], isUnique: true }),
          new TableIndex({ name: 'uq_results_squid_id', columnNames: ['squid_id'], isUnique: true }),
          // Newest first within a simulation: the default order of a search, and its count.
          new TableIndex({
            name: 'idx_results_simulation',
            columnNames: ['simulation_name', 'valid', 'created_at'],
          }),
          new TableIndex({
            name: 'idx_results_simulation_version',
            columnNames: ['simulation_name', 'simulation_version'],
          }),
          new TableIndex({ name: 'idx_results_valid_created_at', columnNames: ['valid', 'created_at'] }),
          new TableIndex({ name: 'idx_results_status', columnNames: ['status'] }),
          new TableIndex({ name: 'idx_results_schema_id', columnNames: ['schema_id'] }),
          new TableIndex({ name: 'idx_results_run_checksum', columnNames: ['run_checksum'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'result_parameters',
        columns: [
          id,
          varchar('simulation_name', 255),
          varchar('param_class', 8),
          varchar('name', 255),
          varchar('declared_type', 64, { isNullable: true }),
          varchar('units', 64, { isNullable: true }),
          { name: 'created_at', type: t.timestamp },
          { name: 'updated_at', type: t.timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'uq_result_parameters_name',
            columnNames: ['simulation_name', 'param_class', 'name'],
            isUnique: true,
          }),
          // A filter without a simulation name finds the parameter in every simulation that has it.
          new TableIndex({ name: 'idx_result_parameters_class_name', columnNames: ['param_class', 'name'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'result_values',
        columns: [
          { name: 'result_id', type: 'integer', isPrimary: true },
          { name: 'parameter_id', type: 'integer', isPrimary: true },
          { name: 'valid', type: t.boolean },
          { name: 'kind', type: 'smallint' },
          { name: 'num_value', type: t.double, isNullable: true },
          // Byte order on both backends (SQLite's BINARY), so string ranges and sorts agree.
          varchar('text_value', 512, { isNullable: true, collation: t.pg ? 'C' : undefined }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['result_id'],
            referencedTableName: 'results',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['parameter_id'],
            referencedTableName: 'result_parameters',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          // Serve range and equality filters, sorting and statistics from the index alone:
          // parameter, then validity and kind as equalities, then the value, then the result.
          new TableIndex({
            name: 'idx_result_values_number',
            columnNames: ['parameter_id', 'valid', 'kind', 'num_value', 'result_id'],
          }),
          new TableIndex({
            name: 'idx_result_values_text',
            columnNames: ['parameter_id', 'valid', 'kind', 'text_value', 'result_id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('result_values');
    await queryRunner.dropTable('result_parameters');
    await queryRunner.dropTable('results');
    await queryRunner.dropTable('result_schemas');
  }
}
