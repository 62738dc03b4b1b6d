import type { CatalogOverviewResponse, SimulationStatsResponse } from './stats.dto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HealthService, notFound } from '@simvault/core';
import { CatalogDatabase } from '../database/catalog-database';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const EXECUTION_TOTALS =
  "COUNT(*) AS total, SUM(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END) AS successful, " +
  "SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END) AS failed, " +
  'SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END) AS cached';

@Injectable()
export class StatsService implements OnModuleInit {
  constructor(
    private readonly db: CatalogDatabase,
    private readonly health: HealthService,
  ) {}

  onModuleInit() {
    // GET /health answers {status, backend, simulations} as sim2l's catalog does.
    this.health.register('catalog', async () => {
      const rows = await this.db.query('SELECT COUNT(*) AS n FROM simulations');
      return { simulations: Number(rows[0].n) };
    });
  }

  async simulation(id: number): Promise<SimulationStatsResponse> {
    const exists = await this.db.query('SELECT id, name, version FROM simulations WHERE id = ?', [id]);
    if (!exists.length) throw notFound(`No simulation with id ${id}.`);
    const [row] = await this.db.query(
      `SELECT ${EXECUTION_TOTALS}, AVG(duration_seconds) AS avg_duration, MIN(duration_seconds) AS min_duration, ` +
        `MAX(duration_seconds) AS max_duration, MAX(recorded_at) AS last_recorded FROM executions WHERE simulation_id = ?`,
      [id],
    );
    const total = Number(row.total);
    const successful = Number(row.successful ?? 0);
    const avg = num(row.avg_duration);
    return {
      simulation_id: id,
      name: exists[0].name as string,
      version: exists[0].version as string,
      total_executions: total,
      successful,
      failed: Number(row.failed ?? 0),
      cached: Number(row.cached ?? 0),
      success_rate: total ? round(successful / total, 4) : 0,
      avg_duration: avg === null ? null : round(avg, 3),
      min_duration: num(row.min_duration),
      max_duration: num(row.max_duration),
      last_execution_at: this.db.readDate(row.last_recorded)?.toISOString() ?? null,
    };
  }

  async overview(): Promise<CatalogOverviewResponse> {
    const statuses = await this.db.query<{ status: string; n: number | string }>(
      'SELECT status, COUNT(*) AS n FROM simulations GROUP BY status',
    );
    const byStatus: Record<string, number> = { active: 0, deprecated: 0, archived: 0 };
    for (const r of statuses) byStatus[r.status] = Number(r.n);
    const [names] = await this.db.query('SELECT COUNT(DISTINCT name) AS n FROM simulations');
    const [executions] = await this.db.query(`SELECT ${EXECUTION_TOTALS} FROM executions`);
    const [pending] = await this.db.query("SELECT COUNT(*) AS n FROM sync_items WHERE status = 'pending'");
    const [installations] = await this.db.query('SELECT COUNT(*) AS n FROM installations');
    return {
      total_simulations: byStatus.active + byStatus.deprecated + byStatus.archived,
      active_simulations: byStatus.active,
      deprecated_simulations: byStatus.deprecated,
      archived_simulations: byStatus.archived,
      distinct_names: Number(names.n),
      total_executions: Number(executions.total),
      successful_executions: Number(executions.successful ?? 0),
      failed_executions: Number(executions.failed ?? 0),
      cached_executions: Number(executions.cached ?? 0),
      installations: Number(installations.n),
      pending_sync: Number(pending.n),
    };
  }
}
