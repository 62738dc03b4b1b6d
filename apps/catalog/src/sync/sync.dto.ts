import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { RegisterSimulationDto } from '../simulations/dto/simulation.dto';

export const MAX_REPORTED = 1000;

/** What an installation says about itself (sim2l's CatalogClient posts this when it starts). */
export class InstallationReportDto {
  @ApiPropertyOptional({ description: 'Stable id of the installation; one is made up when absent.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  installation_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  hostname?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  platform?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: [RegisterSimulationDto],
    description: 'The tools it has; new ones are synced.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REPORTED)
  @ValidateNested({ each: true })
  @Type(() => RegisterSimulationDto)
  simulations?: RegisterSimulationDto[];
}

export class AutoSyncDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  installation_id?: string;

  @ApiPropertyOptional({ type: [RegisterSimulationDto] })
  @IsArray()
  @ArrayMaxSize(MAX_REPORTED)
  @ValidateNested({ each: true })
  @Type(() => RegisterSimulationDto)
  simulations: RegisterSimulationDto[];
}

export class RejectDto {
  @ApiPropertyOptional({ example: 'duplicate of heat_solver' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class SyncItemsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected', 'all'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected', 'all'])
  status?: 'pending' | 'approved' | 'rejected' | 'all';
}
