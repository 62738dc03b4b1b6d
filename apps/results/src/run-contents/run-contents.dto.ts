import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, JSON_VALUE } from '@simvault/core';
import { LOG_LEVELS, type LogLevel } from '@simvault/run-db';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** The most points one series answer may carry (a chart 10k pixels wide needs no more). */
export const MAX_SERIES_POINTS = 10_000;

export class SeriesQuery {
  @ApiPropertyOptional({
    minimum: 2,
    maximum: MAX_SERIES_POINTS,
    default: 2000,
    description:
      'At most this many points: a longer series is cut into max_points/2 buckets of consecutive points, each keeping its lowest and highest point.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(MAX_SERIES_POINTS)
  max_points: number = 2000;
}

export class LogsQuery extends PageQueryDto {
  @ApiPropertyOptional({
    description: `Only these levels, comma-separated, any case (${LOG_LEVELS.join(', ')}).`,
    example: 'ERROR,CRITICAL',
    type: String,
  })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((l) => l.trim().toUpperCase())
          .filter(Boolean)
      : value,
  )
  @IsIn(LOG_LEVELS, {
    each: true,
    message: `level must be a comma-separated list of ${LOG_LEVELS.join(', ')}`,
  })
  level?: LogLevel[];
}

export class MetricSummaryDto {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Points the run file holds for this name.' }) count!: number;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'custom' }) category!: string | null;
}

export class MetricListResponse {
  @ApiProperty() execution_id!: string;
  @ApiProperty({ type: [MetricSummaryDto] }) metrics!: MetricSummaryDto[];
}

export class MetricPointDto {
  @ApiProperty({
    description: "The writer's metadata.step, else the point's position in time order (from 0).",
  })
  step!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) time!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null for NaN or ±Infinity.' }) value!:
    number | null;
}

export class MetricSeriesResponse {
  @ApiProperty() execution_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
  @ApiProperty({ description: 'Points in the run file.' }) count!: number;
  @ApiProperty({ description: 'True when points holds fewer than count (min/max per bucket).' })
  downsampled!: boolean;
  @ApiProperty() max_points!: number;
  @ApiProperty({ type: [MetricPointDto] }) points!: MetricPointDto[];
}

export class LogLineDto {
  @ApiProperty() id!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) time!: string | null;
  @ApiProperty({ enum: LOG_LEVELS }) level!: string;
  @ApiProperty({ type: String, nullable: true }) logger!: string | null;
  @ApiProperty() message!: string;
  @ApiProperty({ ...JSON_VALUE, description: 'The JSON context the writer gave (cell, function, line…).' })
  context!: unknown;
  @ApiProperty({ type: String, nullable: true }) exception_type!: string | null;
  @ApiProperty({ type: String, nullable: true }) exception_message!: string | null;
  @ApiProperty({ type: String, nullable: true }) stack_trace!: string | null;
}

export class LogPageResponse {
  @ApiProperty() execution_id!: string;
  @ApiProperty({ type: [LogLineDto], description: 'Oldest first.' }) items!: LogLineDto[];
  @ApiProperty({ description: 'Lines matching the level filter.' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Lines per level in the whole run, whatever the filter.',
    example: { INFO: 120, WARNING: 3 },
  })
  levels!: Record<string, number>;
}
