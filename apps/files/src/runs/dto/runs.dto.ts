import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
import { Type } from 'class-transformer';
import { IsChecksum } from '@simvault/buffers';
import { IsInt, IsOptional, Min } from 'class-validator';

export class IndexRunDto {
  @ApiPropertyOptional({
    description:
      "The sha256 of the run's file in the run store (run_file.checksum in GET /results/{id}); without it, the file indexed last time.",
  })
  @IsOptional()
  @IsChecksum('checksum')
  checksum?: string;
}

export class ArtifactQuery {
  @ApiPropertyOptional({
    description: 'The artifact id, when a run saved several artifacts of one name (default: the latest).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  id?: number;
}

export class SimulationFilesQuery extends PageQueryDto {}
