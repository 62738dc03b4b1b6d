import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
import { SIMULATION_STATUSES } from '@simvault/entities';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const STATUS_FILTERS = [...SIMULATION_STATUSES, 'all'];

export class SearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: 100 })
  override limit: number = 100;

  @ApiPropertyOptional({
    description:
      'Words (each matched from its start), "phrases", -excluded words, tag:name. Over name, description and tags; ranked.',
    example: 'thermal solver',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  query?: string;

  @ApiPropertyOptional({ description: 'Same as query.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  q?: string;

  @ApiPropertyOptional({ description: 'Comma-separated tags.', example: 'thermal,fem' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  tags?: string;

  @ApiPropertyOptional({
    enum: ['any', 'all'],
    default: 'any',
    description: 'Match any of the tags, or all.',
  })
  @IsOptional()
  @IsIn(['any', 'all'])
  tag_mode?: 'any' | 'all';

  @ApiPropertyOptional({
    description: 'active (default), deprecated, archived, all, or a comma-separated list.',
    default: 'active',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value))
  @IsIn(STATUS_FILTERS, { each: true, message: `status must be one of ${STATUS_FILTERS.join(', ')}` })
  status?: string[];
}

export class GetSimulationQuery {
  @ApiPropertyOptional({ description: 'A version; without it, the latest (in version order).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;
}
