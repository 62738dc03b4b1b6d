import { ApiPropertyOptional } from '@nestjs/swagger';
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
