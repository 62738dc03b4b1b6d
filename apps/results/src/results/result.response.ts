import { markFloat, parseJson } from '@simvault/core';
import type { Dialect } from '@simvault/db';
import type { Row } from '../db/results-db';

const json = (value: unknown): unknown =>
  value === null || value === undefined ? null : parseJson(String(value));
const iso = (dialect: Dialect, value: unknown) => dialect.readDate(value)?.toISOString() ?? null;
const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** A result as GET /results/<execution_id> answers it: sim2l's fields, then ours. */
export function resultResponse(row: Row, dialect: Dialect) {
  const valid = Boolean(row.valid);
  const execution = String(row.execution_id);
  const answer = {
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
    run_file:
      row.run_checksum === null
        ? null
        : {
            checksum: row.run_checksum as string,
            size_bytes: number(row.run_size_bytes),
            download: `/results/${encodeURIComponent(execution)}/run-file`,
          },
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

export type ResultResponse = ReturnType<typeof resultResponse>;
