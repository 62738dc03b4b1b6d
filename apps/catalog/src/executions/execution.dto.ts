import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
import type { ExecutionOutcome } from '@simvault/entities';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Max,
  Min,
} from 'class-validator';

/**
 * What sim2l's CatalogClient.record_execution sends (its unset keyword arguments as null, which
 * means not given). The user comes from the session, never from here.
 */
export class RecordExecutionDto {
  @ApiProperty({ example: 42 })
  @IsInt()
  @Min(1)
  simulation_id: number;

  @ApiProperty({ example: 'exec-2024-001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  execution_id: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  squid_id?: string | null;

  @ApiProperty({ example: 'success', description: 'success, completed, failed, error, running, …' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  status: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'ISO 8601; without a zone, UTC.' })
  @IsOptional()
  @IsISO8601({}, { message: 'started_at must be an ISO 8601 date and time' })
  started_at?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'ISO 8601; without a zone, UTC.' })
  @IsOptional()
  @IsISO8601({}, { message: 'completed_at must be an ISO 8601 date and time' })
  completed_at?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  duration_seconds?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'local' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  executor_type?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  cache_hit?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  run_db_path?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  run_db_size_bytes?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  input_hash?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  output_count?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  artifact_count?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  error_count?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  warning_count?: number | null;

  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  environment?: Record<string, unknown> | null;
}

export class ListExecutionsQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  simulation_id?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  username?: string;
}

/** A recorded execution, as the catalog lists it. */
export class ExecutionResponse {
  @ApiProperty() id: number;
  @ApiProperty() execution_id: string;
  @ApiProperty() simulation_id: number;
  @ApiProperty({ type: String, nullable: true }) squid_id: string | null;
  @ApiProperty({ description: 'As the executor reported it.' }) status: string;
  @ApiProperty({ enum: ['success', 'failed', 'other'], description: 'What status means for the stats.' })
  outcome: ExecutionOutcome;
  @ApiProperty({ type: String, nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, nullable: true }) completed_at: string | null;
  @ApiProperty({ type: Number, nullable: true }) duration_seconds: number | null;
  @ApiProperty({ type: String, nullable: true }) executor_type: string | null;
  @ApiProperty() cache_hit: boolean;
  @ApiProperty({ type: String, nullable: true }) run_db_path: string | null;
  @ApiProperty({ type: Number, nullable: true }) run_db_size_bytes: number | null;
  @ApiProperty({ type: String, nullable: true }) input_hash: string | null;
  @ApiProperty({ type: Number, nullable: true }) output_count: number | null;
  @ApiProperty({ type: Number, nullable: true }) artifact_count: number | null;
  @ApiProperty({ type: Number, nullable: true }) error_count: number | null;
  @ApiProperty({ type: Number, nullable: true }) warning_count: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  environment: Record<string, unknown> | null;
  @ApiProperty() username: string;
  @ApiProperty() recorded_at: string;
}

export class RecordedExecutionResponse {
  @ApiProperty({ enum: ['recorded'] }) status: 'recorded';
  @ApiProperty() execution_id: string;
  @ApiProperty() id: number;
  @ApiPropertyOptional({ description: 'True when that execution id was recorded before (idempotent).' })
  already_recorded?: boolean;
}
