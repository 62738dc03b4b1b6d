import { Injectable } from '@nestjs/common';
import { FAILURE_STATUSES } from '@simvault/contracts';
import { notFound } from '@simvault/core';
import { ValueKind, type ParamClass } from '@simvault/entities';
import { ResultsDb } from '../db/results-db';
import { frag, joinFrags, placeholders, type Frag } from '../db/sql';
import { KIND_NAMES } from '../results/typed-value';
import type {
  ParameterStatsResponse,
  SimulationResultsResponse,
  SimulationSchemaResponse,
  StatsQuery,
} from './stats.dto';

export const PERCENTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const TOP_VALUES = 50;

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Statistics of one parameter over a simulation's runs, read from the value index: for numbers
 * the count, range, mean, standard deviation, percentiles and a histogram; for strings and booleans
 * how often each value occurs. sim2l's fields (param_name, param_type, min_value, max_value,
 * avg_value, count) come first.
 */
@Injectable()
export class StatsService {
  constructor(private readonly db: ResultsDb) {}

  async parameter(
    simulationName: string,
    paramName: string,
    query: StatsQuery,
  ): Promise<ParameterStatsResponse> {
    const paramClass: ParamClass = query.class ?? 'output';
    const parameter = await this.db.one<{ id: unknown; declared_type: string | null; units: string | null }>(
      frag(
        'SELECT id, declared_type, units FROM result_parameters WHERE simulation_name = ? AND param_class = ? AND name = ?',
        simulationName,
        paramClass,
        paramName,
      ),
    );
    if (!parameter) return { param_name: paramName, param_class: paramClass, count: 0 };
    const scope = this.scope(Number(parameter.id), simulationName, query);
    const kinds = await this.db.query<{ kind: unknown; n: unknown }>(
      joinFrags(
        [frag('SELECT kind, COUNT(*) AS n FROM result_values v WHERE '), scope, frag(' GROUP BY kind')],
        '',
      ),
    );
    const byKind: Record<string, number> = {};
    for (const k of kinds) byKind[KIND_NAMES[Number(k.kind) as ValueKind]] = Number(k.n);
    const head = {
      param_name: paramName,
      param_class: paramClass,
      simulation_name: simulationName,
      declared_type: parameter.declared_type,
      units: parameter.units,
      kinds: byKind,
    };
    if (byKind.number) return { ...head, ...(await this.numeric(scope, query.bins ?? 20)) };
    if (byKind.string) return { ...head, ...(await this.counts(scope, ValueKind.String, 'string')) };
    if (byKind.boolean) return { ...head, ...(await this.counts(scope, ValueKind.Boolean, 'boolean')) };
    return { ...head, param_type: Object.keys(byKind)[0] ?? 'number', count: 0 };
  }

  /** The values of one parameter this request covers (alias `v`). */
  private scope(parameterId: number, simulationName: string, query: StatsQuery): Frag {
    const parts = [frag('v.parameter_id = ?', parameterId)];
    if (!query.include_invalid) parts.push(frag('v.valid = ?', true));
    // By status through idx_results_status; by default the (few) failed runs are left out.
    const statuses = query.status === undefined ? [...FAILURE_STATUSES] : query.status.split(',');
    if (query.status !== 'all') {
      parts.push(
        joinFrags(
          [
            frag(
              `v.result_id ${query.status === undefined ? 'NOT IN' : 'IN'} (SELECT id FROM results WHERE simulation_name = ? AND status IN (`,
              simulationName,
            ),
            placeholders(statuses),
            frag('))'),
          ],
          '',
        ),
      );
    }
    if (query.version !== undefined) {
      parts.push(frag('v.result_id IN (SELECT id FROM results WHERE simulation_version = ?)', query.version));
    }
    return joinFrags(parts, ' AND ');
  }

  private async numeric(scope: Frag, bins: number) {
    const where = joinFrags(
      [scope, frag(` AND v.kind = ${ValueKind.Number} AND v.num_value IS NOT NULL`)],
      '',
    );
    const from = (select: string) => joinFrags([frag(`${select} FROM result_values v WHERE `), where], '');
    let count: number, min: number, max: number, avg: number, stddev: number | null;
    let percentiles: number[];
    if (this.db.pg) {
      const row = (await this.db.one(
        from(
          `SELECT COUNT(*) AS n, MIN(v.num_value) AS min, MAX(v.num_value) AS max, AVG(v.num_value) AS avg,
             STDDEV_SAMP(v.num_value) AS stddev,
             PERCENTILE_CONT(ARRAY[${PERCENTILES.join(', ')}]::float8[]) WITHIN GROUP (ORDER BY v.num_value) AS percentiles`,
        ),
      ))!;
      [count, min, max, avg] = [Number(row.n), Number(row.min), Number(row.max), Number(row.avg)];
      stddev = n(row.stddev);
      percentiles = (row.percentiles as (number | string)[]).map(Number);
    } else {
      const row = (await this.db.one(
        from(
          'SELECT COUNT(*) AS n, MIN(v.num_value) AS min, MAX(v.num_value) AS max, AVG(v.num_value) AS avg',
        ),
      ))!;
      [count, min, max, avg] = [Number(row.n), Number(row.min), Number(row.max), Number(row.avg)];
      // Two passes (mean, then squared deviations from it): no cancellation for values far from 0.
      const squares = await this.db.one(
        joinFrags(
          [
            frag(
              'SELECT SUM((v.num_value - ?) * (v.num_value - ?)) AS m2 FROM result_values v WHERE ',
              avg,
              avg,
            ),
            where,
          ],
          '',
        ),
      );
      stddev = count > 1 ? Math.sqrt(Number(squares!.m2) / (count - 1)) : null;
      percentiles = await Promise.all(PERCENTILES.map((p) => this.sqlitePercentile(where, count, p)));
    }
    return {
      param_type: 'number',
      min_value: min,
      max_value: max,
      avg_value: avg,
      count,
      stddev,
      percentiles: Object.fromEntries(PERCENTILES.map((p, i) => [`p${Math.round(p * 100)}`, percentiles[i]])),
      histogram: await this.histogram(where, bins, min, max, count),
    };
  }

  /** Linear interpolation between the two nearest ranks (as PostgreSQL's percentile_cont), read by offset from the index. */
  private async sqlitePercentile(where: Frag, count: number, p: number): Promise<number> {
    const position = p * (count - 1);
    const lower = Math.floor(position);
    const rows = await this.db.query<{ x: unknown }>(
      joinFrags(
        [
          frag('SELECT v.num_value AS x FROM result_values v WHERE '),
          where,
          frag(' ORDER BY v.num_value LIMIT 2 OFFSET ?', lower),
        ],
        '',
      ),
    );
    const a = Number(rows[0].x);
    const b = rows.length > 1 ? Number(rows[1].x) : a;
    return a + (position - lower) * (b - a);
  }

  private async histogram(where: Frag, bins: number, min: number, max: number, count: number) {
    if (!(max > min) || !Number.isFinite(max - min)) return [{ lower: min, upper: max, count }];
    const width = (max - min) / bins;
    const bucket = this.db.pg
      ? 'LEAST(?, FLOOR((v.num_value - ?) / ?)::int)'
      : 'MIN(?, CAST((v.num_value - ?) / ? AS INTEGER))';
    const rows = await this.db.query<{ b: unknown; n: unknown }>(
      joinFrags(
        [
          frag(`SELECT ${bucket} AS b, COUNT(*) AS n FROM result_values v WHERE `, bins - 1, min, width),
          where,
          frag(' GROUP BY 1'),
        ],
        '',
      ),
    );
    const counts = new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
    return Array.from({ length: bins }, (_, i) => ({
      lower: min + i * width,
      upper: i === bins - 1 ? max : min + (i + 1) * width,
      count: counts.get(i) ?? 0,
    }));
  }

  private async counts(scope: Frag, kind: ValueKind, type: 'string' | 'boolean') {
    const column = kind === ValueKind.String ? 'v.text_value' : 'v.num_value';
    // One pass: each value's count, and over all groups the number of values and of distinct ones.
    const rows = await this.db.query<{
      value: unknown;
      n: unknown;
      distinct_values: unknown;
      total: unknown;
    }>(
      joinFrags(
        [
          frag(
            `SELECT ${column} AS value, COUNT(*) AS n, COUNT(*) OVER () AS distinct_values, SUM(COUNT(*)) OVER () AS total
             FROM result_values v WHERE `,
          ),
          scope,
          frag(` AND v.kind = ${kind} GROUP BY ${column} ORDER BY n DESC, value ASC LIMIT ${TOP_VALUES}`),
        ],
        '',
      ),
    );
    return {
      param_type: type,
      count: Number(rows[0]?.total ?? 0),
      distinct_values: Number(rows[0]?.distinct_values ?? 0),
      value_counts: rows.map((r) => ({
        value: type === 'boolean' ? Number(r.value) === 1 : String(r.value),
        count: Number(r.n),
      })),
    };
  }

  async simulations(): Promise<SimulationResultsResponse[]> {
    const rows = await this.db.query<{ simulation_name: string; results: unknown; versions: unknown }>(
      frag(
        `SELECT simulation_name, COUNT(*) AS results, COUNT(DISTINCT simulation_version) AS versions
         FROM results WHERE valid = ? GROUP BY simulation_name ORDER BY simulation_name`,
        true,
      ),
    );
    return rows.map((r) => ({
      simulation_name: r.simulation_name,
      results: Number(r.results),
      versions: Number(r.versions),
    }));
  }

  /**
   * Each parameter of a simulation with its type, units and observed range, and the versions seen.
   * The range and the kinds present are index seeks (no count of values, which would read them all).
   */
  async schema(simulationName: string, includeInvalid: boolean): Promise<SimulationSchemaResponse> {
    const validOnly = (a: string) => (includeInvalid ? frag('') : frag(` AND ${a}.valid = ?`, true));
    const versions = await this.db.query<{
      simulation_version: string;
      schema_id: unknown;
      results: unknown;
    }>(
      joinFrags(
        [
          // Counted per version from the (simulation, version, valid) index alone, then joined.
          frag(
            `SELECT v.simulation_version, s.id AS schema_id, v.results
             FROM (SELECT r.simulation_version, COUNT(*) AS results FROM results r WHERE r.simulation_name = ?`,
            simulationName,
          ),
          validOnly('r'),
          frag(
            ` GROUP BY r.simulation_version) v LEFT JOIN result_schemas s
               ON s.simulation_name = ? AND s.simulation_version = v.simulation_version
             ORDER BY v.simulation_version`,
            simulationName,
          ),
        ],
        '',
      ),
    );
    const values = (select: string, kind: ValueKind) =>
      joinFrags(
        [
          frag(`(SELECT ${select} FROM result_values v WHERE v.parameter_id = p.id`),
          validOnly('v'),
          frag(` AND v.kind = ${kind})`),
        ],
        '',
      );
    const kinds = [ValueKind.Number, ValueKind.String, ValueKind.Boolean, ValueKind.Other, ValueKind.Null];
    const parameters = await this.db.query<Record<string, unknown>>(
      joinFrags(
        [
          frag('SELECT p.param_class, p.name, p.declared_type, p.units, '),
          values('MIN(v.num_value)', ValueKind.Number),
          frag(' AS min, '),
          values('MAX(v.num_value)', ValueKind.Number),
          frag(' AS max'),
          ...kinds.flatMap((k) => [
            frag(', CASE WHEN EXISTS '),
            values('1', k),
            frag(` THEN 1 ELSE 0 END AS has_${KIND_NAMES[k]}`),
          ]),
          frag(
            ' FROM result_parameters p WHERE p.simulation_name = ? ORDER BY p.param_class, p.name',
            simulationName,
          ),
        ],
        '',
      ),
    );
    if (versions.length === 0 && parameters.length === 0) {
      throw notFound(`No results of a simulation named "${simulationName}".`);
    }
    return {
      simulation_name: simulationName,
      results: versions.reduce((sum, v) => sum + Number(v.results), 0),
      versions: versions.map((v) => ({
        simulation_version: v.simulation_version,
        schema_id: n(v.schema_id),
        results: Number(v.results),
      })),
      parameters: parameters.map((p) => {
        const present = kinds.map((k) => KIND_NAMES[k]).filter((name) => Number(p[`has_${name}`]) === 1);
        return {
          name: p.name as string,
          class: p.param_class as ParamClass,
          // The kind that can be compared most: numbers, then strings, then booleans.
          type: present[0] ?? null,
          kinds: present,
          declared_type: p.declared_type as string | null,
          units: p.units as string | null,
          min: n(p.min),
          max: n(p.max),
        };
      }),
    };
  }
}
