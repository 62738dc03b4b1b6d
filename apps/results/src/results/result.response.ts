import { ApiProperty } from '@nestjs/swagger';
import { markFloat, parseJson } from '@simvault/core';
import type { Dialect } from '@simvault/db';
import type { Row } from '../db/results-db';

const json = (value: unknown): unknown =>
  value === null || value === undefined ? null : parseJson(String(value));
const iso = (dialect: Dialect, value: unknown) => dialect.readDate(value)?.toISOString() ?? null;
const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class InvalidationResponse {
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) invalidated_at: string | null;
}

export class RunFileResponse {
  @ApiProperty() checksum: string;
  @ApiProperty({ type: Number, nullable: true }) size_bytes: number | null;
  @ApiProperty({ description: 'Where to download the run file.' }) download: string;
}

/** A result as GET /results/<execution_id> answers it: sim2l's fields, then ours. */
export class ResultResponse {
  @ApiProperty() id: number;
  @ApiProperty() execution_id: string;
  @ApiProperty() simulation_name: string;
  @ApiProperty() simulation_version: string;
  @ApiProperty() squid_id: string;
  @ApiProperty(OBJECT) input_params: Record<string, unknown>;
  @ApiProperty(OBJECT) output_params: Record<string, unknown>;
  @ApiProperty() status: string;
  @ApiProperty({ type: Number, nullable: true }) duration_seconds: number | null;
  @ApiProperty({ type: String, nullable: true }) error_message: string | null;
  @ApiProperty({ type: String, nullable: true }) created_at: string | null;
  @ApiProperty({ type: String, nullable: true }) completed_at: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "sim2l's field: where the run database is: the platform's own copy, else the path given.",
  })
  run_db_path: string | null;
  @ApiProperty({ ...OBJECT, nullable: true }) metadata: Record<string, unknown> | null;
  @ApiProperty({ type: Number, nullable: true }) schema_id: number | null;
  @ApiProperty({ type: String, nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, nullable: true }) updated_at: string | null;
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: InvalidationResponse, nullable: true }) invalidation: InvalidationResponse | null;
  @ApiProperty({ type: RunFileResponse, nullable: true }) run_file: RunFileResponse | null;
  @ApiProperty() source: string;
  @ApiProperty({ type: String, nullable: true }) source_path: string | null;
  @ApiProperty({ type: String, nullable: true }) registered_by: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "Whether the values agree with the catalog version's schema (null: not checked).",
  })
  schema_ok: boolean | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  schema_warnings: unknown[];
}

/** One result as `GET /results/{id}` answers it: the search row plus its tags. */
export class ResultDetailResponse extends ResultResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "The result's tags, key to value.",
  })
  tags: Record<string, string>;
}

/** DELETE /results/<execution_id>. */
export class ResultDeletedResponse {
  @ApiProperty({ enum: ['deleted'] }) status: 'deleted';
  @ApiProperty() execution_id: string;
}

/** POST /results/<execution_id>/invalidate. */
export class ResultInvalidatedResponse {
  @ApiProperty({ enum: ['invalidated'] }) status: 'invalidated';
  @ApiProperty() execution_id: string;
  @ApiProperty() reason: string;
}

/** The platform's copy of a result's run file, as GET /results/{id} and POST /search answer it. */
export function runFileOf(row: Row): RunFileResponse | null {
  return row.run_checksum === null || row.run_checksum === undefined
    ? null
    : {
        checksum: row.run_checksum as string,
        size_bytes: number(row.run_size_bytes),
        download: `/results/${encodeURIComponent(String(row.execution_id))}/run-file`,
      };
}

/** A result as GET /results/<execution_id> answers it: sim2l's fields, then ours. */
export function resultResponse(row: Row, dialect: Dialect): ResultResponse {
  const valid = Boolean(row.valid);
  const execution = String(row.execution_id);
  const answer: ResultResponse = {
    id: Number(row.id),
    execution_id: execution,
    simulation_name: row.simulation_name as string,
    simulation_version: row.simulation_version as string,
    squid_id: row.squid_id as string,
    input_params: json(row.input_params) as Record<string, unknown>,
    output_params: json(row.output_params) as Record<string, unknown>,
    status: row.status as string,
    duration_seconds: number(row.duration_seconds),
    error_message: (row.error_message as string | null) ?? null,
    created_at: iso(dialect, row.created_at),
    completed_at: iso(dialect, row.completed_at),
    /** sim2l's field: where the run database is: the platform's own copy, else the path given. */
    run_db_path: (row.run_file as string | null) ?? (row.source_path as string | null) ?? null,
    metadata: json(row.metadata) as Record<string, unknown> | null,
    schema_id: number(row.schema_id),
    started_at: iso(dialect, row.started_at),
    updated_at: iso(dialect, row.updated_at),
    valid,
    invalidation: valid
      ? null
      : { reason: row.invalid_reason as string | null, invalidated_at: iso(dialect, row.invalidated_at) },
    run_file: runFileOf(row),
    source: row.source as string,
    source_path: (row.source_path as string | null) ?? null,
    registered_by: (row.registered_by as string | null) ?? null,
    /** Whether the values agree with the catalog version's schema (null: not checked). */
    schema_ok: row.schema_ok === null || row.schema_ok === undefined ? null : Boolean(row.schema_ok),
    schema_warnings: (json(row.schema_warnings) as unknown[] | null) ?? [],
  };
  // A REAL column, as sim2l answers it: 7 seconds is 7.0.
  if (answer.duration_seconds !== null) markFloat(answer, 'duration_seconds');
  return answer;
}
