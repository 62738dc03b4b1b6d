import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@simvault/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

export class IndexRunDto {
  @ApiPropertyOptional({
    description:
      "The sha256 of the run's file in the run store (run_file.checksum in GET /results/{id}); without it, the file indexed last time.",
  })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'checksum must be 64 hexadecimal characters' })
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
