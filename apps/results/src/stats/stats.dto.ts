import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ParamClass } from '@simvault/entities';
import { QueryBoolean } from '@simvault/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({ enum: ['input', 'output'], default: 'output', description: "sim2l's param_class." })
  @IsOptional()
  @IsIn(['input', 'output'], { message: 'class must be input or output' })
  class?: 'input' | 'output';

  @ApiPropertyOptional({ description: 'Only runs of this simulation version.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20, description: 'Histogram bins.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  bins?: number;

  @ApiPropertyOptional({ default: false, description: 'Count invalidated runs too.' })
  @QueryBoolean()
  include_invalid?: boolean;

  @ApiPropertyOptional({
    example: 'completed,failed',
    description:
      'Only runs of these statuses (comma-separated), or `all`. Without it, every run but the failed ones (failed, error, crashed, timeout, cancelled, aborted, …).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Matches(/^(all|[A-Za-z0-9_.-]{1,32}(,[A-Za-z0-9_.-]{1,32}){0,9})$/, {
    message: 'status must be all or up to 10 comma-separated statuses (letters, digits, _ . -)',
  })
  status?: string;
}

export class SchemaQuery {
  @ApiPropertyOptional({ default: false, description: 'Count invalidated runs too.' })
  @QueryBoolean()
  include_invalid?: boolean;
}

export class HistogramBin {
  @ApiProperty() lower: number;
  @ApiProperty() upper: number;
  @ApiProperty() count: number;
}

export class ValueCount {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }] }) value: string | boolean;
  @ApiProperty() count: number;
}

/**
 * GET /stats/{simulation}/{param}: sim2l's fields first; numbers add the range, mean, deviation,
 * percentiles and histogram, strings and booleans their value counts. An unknown parameter has
 * only param_name, param_class and count 0.
 */
export class ParameterStatsResponse {
  @ApiProperty() param_name: string;
  @ApiProperty({ enum: ['input', 'output'] }) param_class: ParamClass;
  @ApiProperty() count: number;
  @ApiPropertyOptional() simulation_name?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) declared_type?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) units?: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'How many values of each kind (number, string, boolean).',
  })
  kinds?: Record<string, number>;
  @ApiPropertyOptional({ description: 'number, string or boolean.' }) param_type?: string;
  @ApiPropertyOptional() min_value?: number;
  @ApiPropertyOptional() max_value?: number;
  @ApiPropertyOptional() avg_value?: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) stddev?: number | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'p1, p5, p25, p50, p75, p95, p99.',
  })
  percentiles?: Record<string, number>;
  @ApiPropertyOptional({ type: [HistogramBin] }) histogram?: HistogramBin[];
  @ApiPropertyOptional() distinct_values?: number;
  @ApiPropertyOptional({ type: [ValueCount], description: 'The most frequent values first.' })
  value_counts?: ValueCount[];
}

/** GET /schemas: one simulation that has results. */
export class SimulationResultsResponse {
  @ApiProperty() simulation_name: string;
  @ApiProperty({ description: 'Valid results.' }) results: number;
  @ApiProperty() versions: number;
}

export class SchemaVersionResponse {
  @ApiProperty() simulation_version: string;
  @ApiProperty({ type: Number, nullable: true }) schema_id: number | null;
  @ApiProperty() results: number;
}

export class SchemaParameterResponse {
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['input', 'output'] }) class: ParamClass;
  @ApiProperty({ type: String, nullable: true, description: 'The kind that can be compared most.' })
  type: string | null;
  @ApiProperty({ type: [String] }) kinds: string[];
  @ApiProperty({ type: String, nullable: true }) declared_type: string | null;
  @ApiProperty({ type: String, nullable: true }) units: string | null;
  @ApiProperty({ type: Number, nullable: true }) min: number | null;
  @ApiProperty({ type: Number, nullable: true }) max: number | null;
}

/** GET /schemas/{simulation}: its parameters as its runs show them, and its versions. */
export class SimulationSchemaResponse {
  @ApiProperty() simulation_name: string;
  @ApiProperty() results: number;
  @ApiProperty({ type: [SchemaVersionResponse] }) versions: SchemaVersionResponse[];
  @ApiProperty({ type: [SchemaParameterResponse] }) parameters: SchemaParameterResponse[];
}
