import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { JSON_VALUE } from '@simvault/core';

export class LatestQuery {
  @ApiPropertyOptional({ description: 'Only results of this version.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;

  @ApiPropertyOptional({
    description: 'Answer only this parameter of the latest result.',
    example: 'max_stress',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  param?: string;

  @ApiPropertyOptional({
    enum: ['input', 'output'],
    default: 'output',
    description: "The parameter's class.",
  })
  @IsOptional()
  @IsIn(['input', 'output'], { message: 'class must be input or output' })
  class?: 'input' | 'output';
}

/** GET /latest/<simulation>?param= answers this; without param, the whole result. */
export class LatestValue {
  @ApiProperty() execution_id: string;
  @ApiProperty() simulation_name: string;
  @ApiProperty() simulation_version: string;
  @ApiProperty({ type: String, nullable: true }) created_at: string | null;
  @ApiProperty() param_name: string;
  @ApiProperty({ enum: ['input', 'output'] }) param_class: 'input' | 'output';
  @ApiProperty({ ...JSON_VALUE, description: 'The value as registered (any JSON).' }) value: unknown;
}
