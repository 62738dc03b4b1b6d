import type { SchemaWarning } from '../registration/schema-check';
import { markFloat, stringifyJson } from '@simvault/core';
import { Injectable } from '@nestjs/common';
import type { ParamClass, ResultSource } from '@simvault/entities';
import { ResultsDb, type Row } from '../db/results-db';
import { frag, joinFrags, placeholders, type Frag } from '../db/sql';
import { jsonSafe, typedValue } from './typed-value';

export interface ParameterInput {
  paramClass: ParamClass;
  name: string;
  value: unknown;
  /** The type the run declared (sim2l's names), or the one inferred from the value. */
  type: string | null;
  units: string | null;
  /** A number that was written as a float (`1.0`): answered as one. */
  float?: boolean;
}

export interface NewResult {
  executionId: string;
  squidId: string;
  simulationName: string;
  simulationVersion: string;
  status: string;
  valid: boolean;
  invalidReason: string | null;
  invalidatedAt: Date | null;
  durationSeconds: number | null;
  errorMessage: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  metadata: Record<string, unknown> | null;
  runFile: string | null;
  runChecksum: string | null;
  runSizeBytes: number | null;
  sourcePath: string | null;
  source: ResultSource;
  registeredBy: string | null;
  /** Whose it is (an owner id: see ownerIdOf in @simvault/auth). */
  ownerId: string;
  /** The catalog schema check: null when not checked. */
  schemaOk: boolean | null;
  schemaWarnings: SchemaWarning[] | null;
  parameters: ParameterInput[];
}

/** A stored result a registration would replace: whose it is and whether it was invalidated. */
export interface PriorResult {
  executionId: string;
  ownerId: string | null;
  valid: boolean;
  invalidReason: string | null;
  invalidatedAt: Date | null;
}

/** Rows per multi-row INSERT (9 values each: well under both backends' parameter limits). */
const VALUES_PER_INSERT = 500;

const RESULT_COLUMNS = [
  'execution_id',
  'squid_id',
  'simulation_name',
  'simulation_version',
  'status',
  'valid',
  'invalid_reason',
  'invalidated_at',
  'duration_seconds',
  'error_message',
  'started_at',
  'completed_at',
  'input_params',
  'output_params',
  'metadata',
  'run_file',
  'run_checksum',
  'run_size_bytes',
  'source_path',
  'source',
  'updated_at',
  'registered_by',
  'owner_id',
  'schema_ok',
  'schema_warnings',
];

/**
 * Writes and reads of registered results. A registration is one transaction of statements that
 * need nothing from each other (ids are looked up by their unique keys inside the statements), so
 * it runs as a single synchronous unit on SQLite and a single transaction on PostgreSQL: a result is
 * there with all its values, or not at all.
 */
@Injectable()
export class ResultsRepository {
  constructor(private readonly db: ResultsDb) {}

  /**
   * Stores a result, replacing any result with the same squid id (one result per squid, as sim2l
   * keeps) and any other result of the same execution.
   */
  async save(result: NewResult, now: Date): Promise<{ resultId: number; schemaId: number | null }> {
    const statements: Frag[] = [];
    const schema = JSON.stringify(schemaOf(result.parameters));
    // No per-process memory of what was written (replicas are stateless): the upserts below always
    // run and rewrite a row only when something differs (`IS NOT` on SQLite).
    const differs = this.db.pg ? 'IS DISTINCT FROM' : 'IS NOT';
    statements.push(
      frag(
        `INSERT INTO result_schemas (simulation_name, simulation_version, schema_data, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (simulation_name, simulation_version)
         DO UPDATE SET schema_data = excluded.schema_data, updated_at = excluded.updated_at
         WHERE result_schemas.schema_data ${differs} excluded.schema_data`,
        result.simulationName,
        result.simulationVersion,
        schema,
        this.db.date(now),
        this.db.date(now),
      ),
    );
    const changedParameters = result.parameters;
    if (changedParameters.length > 0) {
      statements.push(
        joinFrags(
          [
            frag(
              'INSERT INTO result_parameters (simulation_name, param_class, name, declared_type, units, created_at, updated_at) VALUES ',
            ),
            joinFrags(
              changedParameters.map((p) =>
                frag(
                  '(?, ?, ?, ?, ?, ?, ?)',
                  result.simulationName,
                  p.paramClass,
                  p.name,
                  p.type,
                  p.units,
                  this.db.date(now),
                  this.db.date(now),
                ),
              ),
              ', ',
            ),
            frag(
              ` ON CONFLICT (simulation_name, param_class, name)
                DO UPDATE SET declared_type = excluded.declared_type, units = excluded.units, updated_at = excluded.updated_at
                WHERE result_parameters.declared_type ${differs} excluded.declared_type
                   OR result_parameters.units ${differs} excluded.units`,
            ),
          ],
          '',
        ),
      );
    }
    statements.push(
      frag(
        'DELETE FROM results WHERE execution_id = ? AND squid_id <> ?',
        result.executionId,
        result.squidId,
      ),
    );
    const values = this.resultValues(result, now);
    const upsert = statements.length;
    statements.push(
      frag(
        `INSERT INTO results (${RESULT_COLUMNS.join(', ')}, schema_id, created_at)
         VALUES (${RESULT_COLUMNS.map(() => '?').join(', ')},
           (SELECT id FROM result_schemas WHERE simulation_name = ? AND simulation_version = ?), ?)
         ON CONFLICT (squid_id) DO UPDATE SET
           ${[...RESULT_COLUMNS.filter((c) => c !== 'squid_id'), 'schema_id'].map((c) => `${c} = excluded.${c}`).join(', ')}
         RETURNING id, schema_id`,
        ...values,
        result.simulationName,
        result.simulationVersion,
        this.db.date(now),
      ),
    );
    statements.push(
      frag(
        'DELETE FROM result_values WHERE result_id = (SELECT id FROM results WHERE squid_id = ?)',
        result.squidId,
      ),
    );
    for (let i = 0; i < result.parameters.length; i += VALUES_PER_INSERT) {
      const rows = result.parameters.slice(i, i + VALUES_PER_INSERT).map((p) => {
        const typed = typedValue(p.value);
        return frag(
          `((SELECT id FROM results WHERE squid_id = ?),
            (SELECT id FROM result_parameters WHERE simulation_name = ? AND param_class = ? AND name = ?), ?, ?, ?, ?)`,
          result.squidId,
          result.simulationName,
          p.paramClass,
          p.name,
          result.valid,
          typed.kind,
          typed.num,
          typed.text,
        );
      });
      statements.push(
        joinFrags(
          [
            frag(
              'INSERT INTO result_values (result_id, parameter_id, valid, kind, num_value, text_value) VALUES ',
            ),
            joinFrags(rows, ', '),
          ],
          '',
        ),
      );
    }
    const answers = await this.db.write(statements);
    const row = answers[upsert].rows[0];
    return { resultId: Number(row.id), schemaId: row.schema_id === null ? null : Number(row.schema_id) };
  }

  private resultValues(result: NewResult, now: Date): unknown[] {
    const params = (paramClass: ParamClass) => {
      const values: Record<string, unknown> = {};
      for (const p of result.parameters) {
        if (p.paramClass !== paramClass) continue;
        values[p.name] = jsonSafe(p.value);
        if (p.float) markFloat(values, p.name);
      }
      return stringifyJson(values);
    };
    const d = (value: Date | null) => this.db.date(value);
    const byColumn: Record<string, unknown> = {
      execution_id: result.executionId,
      squid_id: result.squidId,
      simulation_name: result.simulationName,
      simulation_version: result.simulationVersion,
      status: result.status,
      valid: result.valid,
      invalid_reason: result.invalidReason,
      invalidated_at: d(result.invalidatedAt),
      duration_seconds: result.durationSeconds,
      error_message: result.errorMessage,
      started_at: d(result.startedAt),
      completed_at: d(result.completedAt),
      input_params: params('input'),
      output_params: params('output'),
      metadata: result.metadata === null ? null : stringifyJson(result.metadata),
      run_file: result.runFile,
      run_checksum: result.runChecksum,
      run_size_bytes: result.runSizeBytes,
      source_path: result.sourcePath,
      source: result.source,
      updated_at: d(now),
      registered_by: result.registeredBy,
      owner_id: result.ownerId,
      schema_ok: result.schemaOk,
      schema_warnings: result.schemaWarnings === null ? null : stringifyJson(result.schemaWarnings),
    };
    return RESULT_COLUMNS.map((c) => byColumn[c]);
  }

  /** The result a register_direct updates: sim2l's key is the squid id, else the execution id. */
  async findDirectTarget(squidId: string | null, executionId: string): Promise<Row | undefined> {
    return squidId
      ? this.db.one(frag('SELECT * FROM results WHERE squid_id = ?', squidId))
      : this.find(executionId);
  }

  async find(executionId: string): Promise<Row | undefined> {
    return this.db.one(frag('SELECT * FROM results WHERE execution_id = ?', executionId));
  }

  /**
   * The newest valid result of a simulation (of one version, if given) that did not fail: read
   * backwards from idx_results_latest (simulation, valid, created_at), skipping failed runs.
   */
  async latest(
    simulationName: string,
    version: string | undefined,
    failed: readonly string[],
  ): Promise<Row | undefined> {
    return this.db.one(
      joinFrags(
        [
          frag('SELECT * FROM results WHERE simulation_name = ? AND valid = ?', simulationName, true),
          version === undefined ? frag('') : frag(' AND simulation_version = ?', version),
          frag(' AND status NOT IN ('),
          placeholders([...failed]),
          frag(') ORDER BY created_at DESC, id DESC LIMIT 1'),
        ],
        '',
      ),
    );
  }

  /** What a registration of this execution and squid id would replace (both keys are indexed). */
  async prior(executionId: string, squidId: string): Promise<PriorResult[]> {
    const rows = await this.db.query(
      frag(
        'SELECT execution_id, owner_id, valid, invalid_reason, invalidated_at FROM results WHERE execution_id = ? OR squid_id = ?',
        executionId,
        squidId,
      ),
    );
    return rows.map((r) => ({
      executionId: r.execution_id as string,
      ownerId: (r.owner_id as string | null) ?? null,
      valid: r.valid === true || r.valid === 1,
      invalidReason: (r.invalid_reason as string | null) ?? null,
      invalidatedAt: this.db.dialect.readDate(r.invalidated_at),
    }));
  }

  /** Deletes a result and its values; answers whether there was one. */
  async delete(executionId: string): Promise<boolean> {
    const [deleted] = await this.db.write([frag('DELETE FROM results WHERE execution_id = ?', executionId)]);
    return deleted.affected > 0;
  }

  /** Marks a result invalid (kept, readable, left out of searches and statistics unless asked). */
  async invalidate(executionId: string, reason: string, now: Date): Promise<boolean> {
    const [updated] = await this.db.write([
      frag(
        'UPDATE results SET valid = ?, invalid_reason = ?, invalidated_at = ?, updated_at = ? WHERE execution_id = ?',
        false,
        reason,
        this.db.date(now),
        this.db.date(now),
        executionId,
      ),
      frag(
        'UPDATE result_values SET valid = ? WHERE result_id = (SELECT id FROM results WHERE execution_id = ?)',
        false,
        executionId,
      ),
    ]);
    return updated.affected > 0;
  }

  /** The tags of each of these results (one read, by the primary key's leading column). */
  async tags(resultIds: number[]): Promise<Map<number, Record<string, string>>> {
    const byResult = new Map<number, Record<string, string>>(resultIds.map((id) => [id, {}]));
    if (resultIds.length === 0) return byResult;
    const rows = await this.db.query(
      joinFrags(
        [
          frag('SELECT result_id, key, value FROM result_tags WHERE result_id IN ('),
          placeholders(resultIds),
          frag(') ORDER BY key'),
        ],
        '',
      ),
    );
    for (const r of rows) byResult.get(Number(r.result_id))![r.key as string] = r.value as string;
    return byResult;
  }

  /** Sets tags (each key to its value, other keys kept) on a stored result; one transaction. */
  async setTags(resultId: number, tags: Record<string, string>, now: Date): Promise<void> {
    const entries = Object.entries(tags);
    await this.db.write([
      joinFrags(
        [
          frag('INSERT INTO result_tags (result_id, key, value) VALUES '),
          joinFrags(
            entries.map(([key, value]) => frag('(?, ?, ?)', resultId, key, value)),
            ', ',
          ),
          frag(' ON CONFLICT (result_id, key) DO UPDATE SET value = excluded.value'),
        ],
        '',
      ),
      frag('UPDATE results SET updated_at = ? WHERE id = ?', this.db.date(now), resultId),
    ]);
  }

  /** Removes one tag; answers whether the result had it. */
  async removeTag(resultId: number, key: string, now: Date): Promise<boolean> {
    const [deleted] = await this.db.write([
      frag('DELETE FROM result_tags WHERE result_id = ? AND key = ?', resultId, key),
      frag('UPDATE results SET updated_at = ? WHERE id = ?', this.db.date(now), resultId),
    ]);
    return deleted.affected > 0;
  }
}

function schemaOf(parameters: ParameterInput[]) {
  const schema: Record<ParamClass, Record<string, { type: string | null; units: string | null }>> = {
    input: {},
    output: {},
  };
  for (const p of parameters) schema[p.paramClass][p.name] = { type: p.type, units: p.units };
  return schema;
}
