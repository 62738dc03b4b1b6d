import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How a value is stored, so numbers compare as numbers and strings as strings. */
export enum ValueKind {
  Null = 0,
  Number = 1,
  String = 2,
  Boolean = 3,
  /** Arrays, objects, bytes and over-long strings: kept in the result, not comparable by range. */
  Other = 4,
}

/** The longest string value that is searchable (PostgreSQL's b-tree entries hold at most ~2.7 kB). */
export const MAX_SEARCHABLE_TEXT = 512;

/**
 * One parameter value of one result, typed: `num_value` for numbers (booleans as 0/1), `text_value`
 * for strings (and the canonical JSON of short arrays and objects, for equality). `valid` repeats the
 * result's flag so the indexes that serve range filters and statistics answer without a join.
 */
@Entity('result_values')
export class ResultValueEntity {
  @PrimaryColumn({ name: 'result_id', type: 'integer' })
  resultId: number;

  @PrimaryColumn({ name: 'parameter_id', type: 'integer' })
  parameterId: number;

  @Column({ type: Boolean })
  valid: boolean;

  @Column({ type: 'smallint' })
  kind: ValueKind;

  @Column({ name: 'num_value', type: 'double precision', nullable: true })
  numValue: number | null;

  @Column({ name: 'text_value', type: 'varchar', length: MAX_SEARCHABLE_TEXT, nullable: true })
  textValue: string | null;
}
