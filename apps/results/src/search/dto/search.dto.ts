import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueryBoolean } from '@simvault/core';
import { RunFileResponse } from '../../results/result.response';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const FILTER_HELP =
  'A filter for people: `inputs.temperature >= 300 and (outputs.converged = true or inputs.mesh in (1, 2))`. ' +
  'AND, OR, NOT, parentheses, = != < <= > >=, IN, NOT IN, IS [NOT] NULL; fields inputs.<name>, outputs.<name>, ' +
  'status, simulation_name, simulation_version, execution_id, squid_id, duration_seconds, created_at, completed_at, schema_ok.';

// A parameter name to a value (equality) or to an object of operators; either is any JSON.
const FILTER_OBJECT = { type: 'object', additionalProperties: true, nullable: true } as const;

/** The parts of a search that POST /search and GET /results share. */
class SearchOptions {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  simulation_name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  simulation_version?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'completed' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  status?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: FILTER_HELP })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  filter?: string | null;

  @ApiPropertyOptional({
    description:
      'created_at, completed_at, duration_seconds, status, execution_id, …, or inputs.<name> / outputs.<name>; by default newest registration first.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  sort_by?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  sort_order?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** sim2l's search body, plus a filter string, paging, sorting and the fields to return. */
export class SearchDto extends SearchOptions {
  @ApiPropertyOptional({
    ...FILTER_OBJECT,
    example: { temperature: { $gte: 300, $lt: 400 } },
    description:
      'Input name → value (equality) or {$gt, $gte, $lt, $lte, $eq, $ne, $in, $nin, $exists: value}.',
  })
  @IsOptional()
  @IsObject()
  input_filters?: Record<string, unknown> | null;

  @ApiPropertyOptional({ ...FILTER_OBJECT, example: { converged: true } })
  @IsOptional()
  @IsObject()
  output_filters?: Record<string, unknown> | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['execution_id', 'inputs.temperature', 'outputs.max_stress'],
    description:
      'Return only these fields of each result (inputs.<name> and outputs.<name> pick single parameters). Default: execution_id, simulation_name, simulation_version, squid_id, input_params, output_params, status, created_at, duration_seconds, valid, tags; also updated_at, metadata, run_db_path, run_file.',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  fields?: string[];

  @ApiPropertyOptional({ default: false, description: 'Include invalidated runs.' })
  @IsOptional()
  @IsBoolean()
  include_invalid?: boolean;
}

/** GET /results: the same search from a query string (fields comma-separated). */
export class SearchQuery extends SearchOptions {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'Comma-separated, e.g. execution_id,inputs.temperature' })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @IsString({ each: true })
  fields?: string[];

  @ApiPropertyOptional({ default: false })
  @QueryBoolean()
  include_invalid?: boolean;
}

const PRESENT =
  'Present when asked for in fields (by default every field but updated_at, metadata and run_db_path).';
const PARAMS = {
  type: 'object',
  additionalProperties: true,
  description: `${PRESENT} With inputs.<name> / outputs.<name> in fields, only those parameters.`,
} as const;

/**
 * One result of a search: the fields asked for (`fields`), so each may be absent; the same values
 * as GET /results/{id}'s fields of those names.
 */
export class SearchRowResponse {
  @ApiPropertyOptional({ description: PRESENT }) execution_id?: string;
  @ApiPropertyOptional({ description: PRESENT }) simulation_name?: string;
  @ApiPropertyOptional({ description: PRESENT }) simulation_version?: string;
  @ApiPropertyOptional({ description: PRESENT }) squid_id?: string;
  @ApiPropertyOptional(PARAMS) input_params?: Record<string, unknown>;
  @ApiPropertyOptional(PARAMS) output_params?: Record<string, unknown>;
  @ApiPropertyOptional({ description: PRESENT }) status?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: PRESENT }) created_at?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: PRESENT }) updated_at?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: PRESENT })
  duration_seconds?: number | null;
  @ApiPropertyOptional({ description: PRESENT }) valid?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: PRESENT })
  metadata?: Record<string, unknown> | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: `${PRESENT} The platform's copy of the run file, null when it holds none.`,
  })
  run_db_path?: string | null;
  @ApiPropertyOptional({
    type: RunFileResponse,
    nullable: true,
    description: `${PRESENT} The platform's copy of the run file (sha256, size, where to download it), null when it holds none.`,
  })
  run_file?: RunFileResponse | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `${PRESENT} The result's tags, key to value (as GET /results/{id} has them).`,
  })
  tags?: Record<string, string>;
}

/** POST /search and GET /results: a page of results, each with the fields asked for. */
export class SearchAnswer {
  @ApiProperty({ type: [SearchRowResponse] }) results: SearchRowResponse[];
  @ApiProperty({ description: "How many results this page holds (sim2l's field)." }) count: number;
  @ApiProperty({ description: 'How many results match in all.' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
