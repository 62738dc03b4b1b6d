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
import type { ExecutionOutcome } from '@simvault/entities';
import { CatalogDatabase, isForeignKeyViolation } from '../database/catalog-database';
import type { ListExecutionsQuery, RecordExecutionDto } from './execution.dto';

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

@Injectable()
export class ExecutionsService {
  private readonly insertSql: string;
  private readonly updateSql: string;

  constructor(
    private readonly db: CatalogDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const p = db.dialect.param;
    // A retry (even a concurrent one) finds the row there and adds none; it updates that row instead.
    this.insertSql =
      `INSERT INTO executions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => p(i + 1)).join(', ')}) ` +
      'ON CONFLICT (execution_id) DO NOTHING RETURNING id';
    this.updateSql =
      `UPDATE executions SET ${UPDATED.map((c, i) => `${c} = ${p(i + 1)}`).join(', ')} ` +
      `WHERE execution_id = ${p(UPDATED.length + 1)} AND simulation_id = ${p(UPDATED.length + 2)} RETURNING id`;
  }

  async record(dto: RecordExecutionDto, caller: Principal) {
    if (!['execute', 'run', 'admin'].some((p) => caller.privileges.includes(p as never)))
      throw forbidden('This needs the execute or run privilege, which this session does not have.');
    const d = this.db;
    const values = [
      dto.execution_id,
      dto.simulation_id,
      dto.squid_id ?? null,
      dto.status,
      outcomeOf(dto.status),
      d.date(instant(dto.started_at)),
      d.date(instant(dto.completed_at)),
      dto.duration_seconds ?? null,
      dto.executor_type ?? null,
      d.pg ? (dto.cache_hit ?? false) : dto.cache_hit ? 1 : 0,
      dto.run_db_path ?? null,
      dto.run_db_size_bytes ?? null,
      dto.input_hash ?? null,
      dto.output_count ?? null,
      dto.artifact_count ?? null,
      dto.error_count ?? null,
      dto.warning_count ?? null,
      dto.environment == null ? null : stringifyJson(dto.environment),
      caller.username,
      d.date(this.clock.now()),
    ];
    let inserted: { id: number | string }[];
    let updated: { id: number | string }[] = [];
    try {
      inserted = await d.write(async (manager) => {
        const rows = (await manager.query(this.insertSql, values)) as { id: number | string }[];
        if (!rows.length) {
          // TypeORM answers an UPDATE on PostgreSQL as [rows, count], on SQLite as the rows.
          const change = [...UPDATED, 'execution_id', 'simulation_id'].map((c) => values[COLUMNS.indexOf(c)]);
          const answer = (await manager.query(this.updateSql, change)) as unknown[];
          updated = (Array.isArray(answer[0]) ? answer[0] : answer) as { id: number | string }[];
        }
        return rows;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw notFound(`No simulation with id ${dto.simulation_id}.`);
      throw error;
    }
    if (inserted.length)
      return { status: 'recorded' as const, execution_id: dto.execution_id, id: Number(inserted[0].id) };
    if (updated.length)
      return {
        status: 'recorded' as const,
        execution_id: dto.execution_id,
        id: Number(updated[0].id),
        already_recorded: true,
      };
    const existing = await d.query<{ id: number | string; simulation_id: number | string }>(
      `SELECT id, simulation_id FROM executions WHERE execution_id = ${d.dialect.param(1)}`,
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

  async get(executionId: string) {
    const d = this.db;
    const rows = await d.query(`SELECT * FROM executions WHERE execution_id = ${d.dialect.param(1)}`, [
      executionId,
    ]);
    if (!rows.length) throw notFound(`No execution ${executionId}.`);
    return this.response(rows[0]);
  }

  async list(query: ListExecutionsQuery): Promise<Page<ReturnType<ExecutionsService['response']>>> {
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

  private response(row: Record<string, unknown>) {
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
