import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column types for migrations written once for both drivers (docs/architecture.md, Storage). Entities use
 * `type: Date` / `Boolean` and let TypeORM pick; migrations spell the physical type here.
 */
export function columnTypes(queryRunner: QueryRunner) {
  const pg = queryRunner.connection.options.type === 'postgres';
  return {
    pg,
    timestamp: pg ? 'timestamptz' : 'datetime',
    boolean: 'boolean',
    bigint: pg ? 'bigint' : 'integer',
    double: pg ? 'double precision' : 'real',
    text: 'text',
    json: 'text',
    blob: pg ? 'bytea' : 'blob',
  };
}

export function varchar(
  name: string,
  length: number,
  extra: Partial<TableColumnOptions> = {},
): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), ...extra };
}
