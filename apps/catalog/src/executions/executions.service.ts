import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@simvault/auth';
import {
  CLOCK,
  conflict,
  forbidden,
  notFound,
  type Clock,
  type Page,
  stringifyJson,
  parseJson,
} from '@simvault/core';
import { outcomeOf } from '@simvault/contracts';
import { GroupCommit } from '@simvault/db';
import type { ExecutionOutcome } from '@simvault/entities';
import { CatalogDatabase, isForeignKeyViolation } from '../database/catalog-database';
import type {
  ExecutionResponse,
  ListExecutionsQuery,
  RecordedExecutionResponse,
  RecordExecutionDto,
} from './execution.dto';

/** Python's isoformat() has no zone; such times are UTC here. */
function instant(value: string | null | undefined): Date | null {
  if (!value) return null;
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) || !value.includes('T') ? value : `${value}Z`);
}

const COLUMNS = [
  'execution_id',
  'simulation_id',
  'squid_id',
  'status',
  'outcome',
  'started_at',
  'completed_at',
  'duration_seconds',
  'executor_type',
  'cache_hit',
  'run_db_path',
  'run_db_size_bytes',
  'input_hash',
  'output_count',
  'artifact_count',
  'error_count',
  'warning_count',
  'environment',
  'username',
  'recorded_at',
];

/** What a second record of the same execution changes (sim2l's upsert): a run is recorded running, then done. */
const UPDATED = [
  'status',
  'outcome',
  'completed_at',
  'duration_seconds',
  'cache_hit',
  'run_db_path',
  'run_db_size_bytes',
  'output_count',
  'artifact_count',
  'error_count',
  'warning_count',
  'environment',
] as const;

/** One record_execution: its column values, in COLUMNS' order. */
type Recorded = unknown[];

/** What the write of one record found: the id it inserted, or the id of the row it updated. */
interface RecordOutcome {
  inserted?: number;
  updated?: number;
}

@Injectable()
export class ExecutionsService {
  private readonly insertSql =
    `INSERT INTO executions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ` +
    'ON CONFLICT (execution_id) DO NOTHING RETURNING id';
  private readonly updateSql =
    `UPDATE executions SET ${UPDATED.map((c) => `${c} = ?`).join(', ')} ` +
    'WHERE execution_id = ? AND simulation_id = ? RETURNING id';
  /**
   * Records arriving while one commits are committed together in the next transaction, each
   * answered once its own has committed (libs/db group commit); a batch that fails (an unknown
   * simulation's foreign key) is retried one record per transaction, so only the bad one fails.
   */
  private readonly records: GroupCommit<Recorded, RecordOutcome>;

  constructor(
    private readonly db: CatalogDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.records = new GroupCommit(db.gateway, async (tx, batch) => {
      const outcomes: RecordOutcome[] = [];
      for (const values of batch) {
        // A retry (even a concurrent one) finds the row there and adds none; it updates that row instead.
        const [inserted] = await tx.query<{ id: number | string }>(this.insertSql, values);
        if (inserted) {
          outcomes.push({ inserted: Number(inserted.id) });
          continue;
        }
        const change = [...UPDATED, 'execution_id', 'simulation_id'].map((c) => values[COLUMNS.indexOf(c)]);
        const [updated] = await tx.query<{ id: number | string }>(this.updateSql, change);
        outcomes.push(updated ? { updated: Number(updated.id) } : {});
      }
      return outcomes;
    });
  }

  async record(dto: RecordExecutionDto, caller: Principal): Promise<RecordedExecutionResponse> {
    if (!['execute', 'run', 'admin'].some((p) => caller.privileges.includes(p as never)))
      throw forbidden('This needs the execute or run privilege, which this session does not have.');
    const values: Recorded = [
      dto.execution_id,
      dto.simulation_id,
      dto.squid_id ?? null,
      dto.status,
      outcomeOf(dto.status),
      instant(dto.started_at),
      instant(dto.completed_at),
      dto.duration_seconds ?? null,
      dto.executor_type ?? null,
      dto.cache_hit ?? false,
      dto.run_db_path ?? null,
      dto.run_db_size_bytes ?? null,
      dto.input_hash ?? null,
      dto.output_count ?? null,
      dto.artifact_count ?? null,
      dto.error_count ?? null,
      dto.warning_count ?? null,
      dto.environment == null ? null : stringifyJson(dto.environment),
      caller.username,
      this.clock.now(),
    ];
    let outcome: RecordOutcome;
    try {
      outcome = await this.records.submit(values);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw notFound(`No simulation with id ${dto.simulation_id}.`);
      throw error;
    }
    if (outcome.inserted !== undefined)
      return { status: 'recorded' as const, execution_id: dto.execution_id, id: outcome.inserted };
    if (outcome.updated !== undefined)
      return {
        status: 'recorded' as const,
        execution_id: dto.execution_id,
        id: outcome.updated,
        already_recorded: true,
      };
    const existing = await this.db.query<{ id: number | string; simulation_id: number | string }>(
      'SELECT id, simulation_id FROM executions WHERE execution_id = ?',
      [dto.execution_id],
    );
    if (Number(existing[0].simulation_id) !== dto.simulation_id)
      throw conflict(
        `Execution ${dto.execution_id} is already recorded for simulation ${existing[0].simulation_id}, not ${dto.simulation_id}.`,
      );
    return {
      status: 'recorded' as const,
      execution_id: dto.execution_id,
      id: Number(existing[0].id),
      already_recorded: true,
    };
  }

  async get(executionId: string): Promise<ExecutionResponse> {
    const d = this.db;
    const rows = await d.query('SELECT * FROM executions WHERE execution_id = ?', [executionId]);
    if (!rows.length) throw notFound(`No execution ${executionId}.`);
    return this.response(rows[0]);
  }

  async list(query: ListExecutionsQuery): Promise<Page<ExecutionResponse>> {
    const p = this.db.params();
    const where: string[] = [];
    if (query.simulation_id !== undefined) where.push(`simulation_id = ${p.add(query.simulation_id)}`);
    if (query.username !== undefined) where.push(`username = ${p.add(query.username)}`);
    const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.query(
      `SELECT *, COUNT(*) OVER () AS total_count FROM executions${clause} ORDER BY recorded_at DESC, id DESC LIMIT ${p.add(query.limit)} OFFSET ${p.add(query.offset)}`,
      p,
    );
    let total = rows.length ? Number(rows[0].total_count) : 0;
    if (!rows.length && query.offset > 0) {
      const q = this.db.params();
      const again: string[] = [];
      if (query.simulation_id !== undefined) again.push(`simulation_id = ${q.add(query.simulation_id)}`);
      if (query.username !== undefined) again.push(`username = ${q.add(query.username)}`);
      const counted = await this.db.query(
        `SELECT COUNT(*) AS n FROM executions${again.length ? ` WHERE ${again.join(' AND ')}` : ''}`,
        q,
      );
      total = Number(counted[0].n);
    }
    return { items: rows.map((r) => this.response(r)), total, limit: query.limit, offset: query.offset };
  }

  private response(row: Record<string, unknown>): ExecutionResponse {
    const d = this.db;
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      id: Number(row.id),
      execution_id: row.execution_id as string,
      simulation_id: Number(row.simulation_id),
      squid_id: row.squid_id as string | null,
      status: row.status as string,
      outcome: row.outcome as ExecutionOutcome,
      started_at: d.readDate(row.started_at)?.toISOString() ?? null,
      completed_at: d.readDate(row.completed_at)?.toISOString() ?? null,
      duration_seconds: num(row.duration_seconds),
      executor_type: row.executor_type as string | null,
      cache_hit: Boolean(row.cache_hit),
      run_db_path: row.run_db_path as string | null,
      run_db_size_bytes: num(row.run_db_size_bytes),
      input_hash: row.input_hash as string | null,
      output_count: num(row.output_count),
      artifact_count: num(row.artifact_count),
      error_count: num(row.error_count),
      warning_count: num(row.warning_count),
      environment:
        row.environment == null ? null : (parseJson(String(row.environment)) as Record<string, unknown>),
      username: row.username as string,
      recorded_at: d.readDate(row.recorded_at)!.toISOString(),
    };
  }
}
