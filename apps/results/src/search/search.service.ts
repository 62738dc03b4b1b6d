import { Injectable } from '@nestjs/common';
import { ApiError, badRequest, parseJson } from '@simvault/core';
import { ResultsDb, type Row } from '../db/results-db';
import { and, filterSizeProblem, FilterSyntaxError, parseField, parseFilter, type Filter } from './filter';
import { filterFromObjects } from './filter-objects';
import { parameterKey, parametersOf, SearchCompiler } from './search-sql';
import { frag, joinFrags } from '../db/sql';
import type { Field } from './filter';
import type { SearchAnswer, SearchDto, SearchRowResponse } from './dto/search.dto';
import { runFileOf } from '../results/result.response';
import { ResultsRepository } from '../results/results.repository';

/** The fields of a search result, as sim2l answers them plus ours; `fields` picks among them. */
const ANSWER_FIELDS = [
  'execution_id',
  'simulation_name',
  'simulation_version',
  'squid_id',
  'input_params',
  'output_params',
  'status',
  'created_at',
  'updated_at',
  'duration_seconds',
  'valid',
  'metadata',
  'run_db_path',
  'run_file',
  'tags',
];
const DEFAULT_FIELDS = ANSWER_FIELDS.filter(
  (f) => !['updated_at', 'metadata', 'run_db_path', 'run_file'].includes(f),
);

@Injectable()
export class SearchService {
  constructor(
    private readonly db: ResultsDb,
    private readonly repository: ResultsRepository,
  ) {}

  async search(dto: SearchDto): Promise<SearchAnswer> {
    const limit = dto.limit ?? 100;
    const offset = dto.offset ?? 0;
    const filters: Filter[] = [
      ...filterFromObjects('input', dto.input_filters),
      ...filterFromObjects('output', dto.output_filters),
    ];
    if (dto.filter && dto.filter.trim()) {
      try {
        filters.push(parseFilter(dto.filter));
      } catch (error) {
        if (error instanceof FilterSyntaxError) {
          throw new ApiError(400, error.message, {
            filter: error.filter,
            position: error.position + 1,
            pointer: error.pointer,
          });
        }
        throw error;
      }
    }
    const sortField = dto.sort_by ? parseField(dto.sort_by) : null;
    if (dto.sort_by && !sortField) {
      throw badRequest(
        `sort_by "${dto.sort_by}" is not a field: use created_at, completed_at, duration_seconds, status, execution_id, squid_id, simulation_name, simulation_version, inputs.<name> or outputs.<name>.`,
      );
    }
    if (sortField?.kind === 'tag')
      throw badRequest(`sort_by: results cannot be sorted by a tag (${dto.sort_by}).`);
    const fields = this.fields(dto.fields);
    const filter = filters.length > 0 ? and(filters) : null;
    const tooLarge = filter && filterSizeProblem(filter);
    if (tooLarge) throw badRequest(tooLarge);
    const named = [...parametersOf(filter), ...(sortField?.kind === 'param' ? [sortField] : [])];
    const compiler = new SearchCompiler(
      this.db.pg,
      (d) => this.db.date(d),
      {
        simulationName: dto.simulation_name ?? undefined,
        simulationVersion: dto.simulation_version ?? undefined,
        status: dto.status ?? undefined,
        includeInvalid: dto.include_invalid === true,
      },
      await this.parameterIds(named, dto.simulation_name ?? undefined),
    );
    const query = compiler.compile(
      filter,
      { field: sortField, descending: (dto.sort_order ?? 'desc') === 'desc' },
      limit,
      offset,
    );
    let rows: Row[];
    let total: number;
    if (query.count) {
      const [counted, page] = await Promise.all([
        this.db.one<{ total: unknown }>(query.count),
        this.db.query(query.page),
      ]);
      total = Number(counted?.total ?? 0);
      rows = page;
    } else {
      const page = await this.db.query(query.page);
      total = Number(page[0]?.total ?? 0);
      rows = page.filter((r) => r.id !== null && r.id !== undefined);
    }
    // The page's tags in one read, only when asked for (as GET /results/{id} has them).
    const tags = fields.includes('tags') ? await this.repository.tags(rows.map((r) => Number(r.id))) : null;
    const results = rows.map((row) => this.project(row, fields, tags));
    return { results, count: results.length, total, limit, offset };
  }

  /** The ids of the parameters a search names, in the simulation when one is given. */
  private async parameterIds(
    fields: Extract<Field, { kind: 'param' }>[],
    simulationName: string | undefined,
  ): Promise<Map<string, number[]>> {
    const ids = new Map<string, number[]>();
    const unique = [...new Map(fields.map((f) => [parameterKey(f), f])).values()];
    if (unique.length === 0) return ids;
    const rows = await this.db.query<{ id: unknown; param_class: 'input' | 'output'; name: string }>(
      joinFrags(
        [
          frag('SELECT id, param_class, name FROM result_parameters WHERE ('),
          joinFrags(
            unique.map((f) => frag('(param_class = ? AND name = ?)', f.scope, f.name)),
            ' OR ',
          ),
          frag(')'),
          ...(simulationName !== undefined ? [frag(' AND simulation_name = ?', simulationName)] : []),
        ],
        '',
      ),
    );
    for (const row of rows) {
      const key = parameterKey({ kind: 'param', scope: row.param_class, name: row.name });
      ids.set(key, [...(ids.get(key) ?? []), Number(row.id)]);
    }
    return ids;
  }

  private fields(requested: string[] | undefined): string[] {
    if (!requested || requested.length === 0) return DEFAULT_FIELDS;
    for (const f of requested) {
      const param = parseField(f);
      if (!ANSWER_FIELDS.includes(f) && !(param && param.kind === 'param')) {
        throw badRequest(
          `fields: "${f}" is not a field; use ${ANSWER_FIELDS.join(', ')}, inputs.<name> or outputs.<name>.`,
        );
      }
    }
    return requested;
  }

  private project(
    row: Row,
    fields: string[],
    tags: Map<number, Record<string, string>> | null,
  ): SearchRowResponse {
    const d = this.db.dialect;
    const inputs = parseJson(String(row.input_params)) as Record<string, unknown>;
    const outputs = parseJson(String(row.output_params)) as Record<string, unknown>;
    const all: Required<SearchRowResponse> = {
      execution_id: row.execution_id as string,
      simulation_name: row.simulation_name as string,
      simulation_version: row.simulation_version as string,
      squid_id: row.squid_id as string,
      input_params: inputs,
      output_params: outputs,
      status: row.status as string,
      created_at: d.readDate(row.created_at)?.toISOString() ?? null,
      updated_at: d.readDate(row.updated_at)?.toISOString() ?? null,
      duration_seconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
      valid: Boolean(row.valid),
      metadata: row.metadata === null ? null : (parseJson(String(row.metadata)) as Record<string, unknown>),
      run_db_path: (row.run_file as string | null) ?? null,
      run_file: runFileOf(row),
      tags: tags?.get(Number(row.id)) ?? {},
    };
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const param = ANSWER_FIELDS.includes(f) ? null : parseField(f);
      if (param?.kind === 'param') {
        const key = param.scope === 'input' ? 'input_params' : 'output_params';
        const source = param.scope === 'input' ? inputs : outputs;
        const picked = (out[key] ??= {}) as Record<string, unknown>;
        if (Object.hasOwn(source, param.name)) picked[param.name] = source[param.name];
      } else {
        out[f] = all[f as keyof SearchRowResponse];
      }
    }
    return out as SearchRowResponse;
  }
}
