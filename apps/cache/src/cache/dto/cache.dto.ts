import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
import { MAX_CACHE_KEY_LENGTH } from '@simvault/entities';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** What sim2l's CacheClient.set sends (wire names), plus what we add. */
export class StoreEntryDto {
  @ApiProperty({ example: 'thermal_sim/1.0.0/3f2a…', maxLength: MAX_CACHE_KEY_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CACHE_KEY_LENGTH, {
    message: `cache_key must be at most ${MAX_CACHE_KEY_LENGTH} characters long`,
  })
  cache_key: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 42 })
  @IsOptional()
  @IsInt()
  @Min(0)
  simulation_id?: number | null;

  @ApiProperty({ example: 'thermal_sim' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  simulation_name: string;

  @ApiProperty({ example: '1.0.0' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  simulation_version: string;

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

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  input_hash?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  run_db_path?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Lifetime in seconds; null or 0 = never expires.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100 * 365 * 86400)
  ttl_seconds?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'What the Python client sends; used when ttl_seconds is absent.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100 * 365 * 24)
  ttl_hours?: number | null;

  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: Number,
    description: 'What computing this result took; each hit adds it to the time saved.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  compute_seconds?: number | null;

  @ApiPropertyOptional({
    type: Number,
    description: 'Size of the cached result, for statistics and the size cap.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  size_bytes?: number | null;
}

export class ListEntriesQuery extends PageQueryDto {
  @ApiPropertyOptional({ default: 25 })
  override limit: number = 25;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  simulation_id?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  simulation_name?: string;

  @ApiPropertyOptional({ enum: ['valid', 'invalidated', 'expired'] })
  @IsOptional()
  @IsIn(['valid', 'invalidated', 'expired'])
  status?: 'valid' | 'invalidated' | 'expired';

  @ApiPropertyOptional({
    description: "Only the entries that point at this execution (a run's cache entries).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  execution_id?: string;
}

export class StatsHistoryQuery {
  @ApiPropertyOptional({
    description:
      'How many hours back, the current one included (at most SIMVAULT_CACHE_STATS_HISTORY_HOURS).',
    default: 168,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  hours?: number;
}

export class StatsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  simulation_id?: number;
}
