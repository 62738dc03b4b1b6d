import { ApiPropertyOptional } from '@nestjs/swagger';
import { QueryBoolean } from '@simvault/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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
}

export class SchemaQuery {
  @ApiPropertyOptional({ default: false, description: 'Count invalidated runs too.' })
  @QueryBoolean()
  include_invalid?: boolean;
}
