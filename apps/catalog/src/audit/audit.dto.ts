import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
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
