import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
import type { AuditAction } from '@simvault/entities';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  simulation_id?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ enum: ['registered', 'updated', 'deleted'] })
  @IsOptional()
  @IsIn(['registered', 'updated', 'deleted'])
  action?: 'registered' | 'updated' | 'deleted';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  username?: string;
}

/** One registration, change or deletion of a simulation, in the transaction that made it. */
export class AuditRecord {
  @ApiProperty() id: number;
  @ApiProperty() simulation_id: number;
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: ['registered', 'updated', 'deleted'] }) action: AuditAction;
  @ApiProperty() username: string;
  @ApiProperty() created_at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed, field by field.' })
  changes: Record<string, unknown>;
}
