import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SyncItemStatus } from '@simvault/entities';
import { JOB_STATES, type JobState } from '@simvault/queue';
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

const nullableString = { type: String, nullable: true } as const;

/** A sync left to the queue. */
export class QueuedSyncResponse {
  @ApiProperty() job_id: string;
  @ApiProperty({ description: 'How many simulations it carries.' }) items: number;
}

/** POST /sync/auto: 202. */
export class AutoSyncResponse extends QueuedSyncResponse {
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

/** POST /installations: 201. */
export class InstallationReportResponse {
  @ApiProperty() installation_id: string;
  @ApiProperty({ enum: ['registered', 'updated'] }) status: 'registered' | 'updated';
  @ApiProperty({ type: QueuedSyncResponse, nullable: true, description: 'When simulations were reported.' })
  sync: QueuedSyncResponse | null;
}

/** A known installation (GET /installations). */
export class InstallationResponse {
  @ApiProperty() installation_id: string;
  @ApiProperty(nullableString) hostname: string | null;
  @ApiProperty(nullableString) platform: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Other reported fields.',
  })
  details: Record<string, unknown> | null;
  @ApiProperty() reported_by: string;
  @ApiProperty() first_seen_at: string;
  @ApiProperty() last_seen_at: string;
  @ApiProperty() simulation_count: number;
}

export class SyncedSimulation {
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty({ description: "The catalog's simulation id." }) id: number;
}

export class QueuedSimulation {
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty({ description: 'The sync item waiting for an admin.' }) sync_id: number;
}

/** What a completed sync job did. */
export class SyncResultResponse {
  @ApiProperty({ type: [SyncedSimulation] }) registered: SyncedSimulation[];
  @ApiProperty({ type: [QueuedSimulation] }) queued: QueuedSimulation[];
  @ApiProperty({ type: [SyncedSimulation] }) existing: SyncedSimulation[];
}

/** GET /sync/jobs/{id}. */
export class SyncJobResponse {
  @ApiProperty() id: string;
  @ApiProperty() queue: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: JOB_STATES }) state: JobState;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'object', additionalProperties: true }] })
  progress: number | object;
  @ApiPropertyOptional({ type: SyncResultResponse, description: 'Once completed.' }) result?: unknown;
  @ApiPropertyOptional() error?: string;
}

/** A reported simulation in GET /sync/pending. */
export class SyncItemResponse {
  @ApiProperty() id: number;
  @ApiProperty(nullableString) installation_id: string | null;
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: SyncItemStatus;
  @ApiProperty(nullableString) description: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty(nullableString) workflow_hash: string | null;
  @ApiProperty() submitted_by: string;
  @ApiProperty() submitted_at: string;
  @ApiProperty(nullableString) decided_by: string | null;
  @ApiProperty(nullableString) decided_at: string | null;
  @ApiProperty(nullableString) reason: string | null;
  @ApiProperty({ type: Number, nullable: true }) simulation_id: number | null;
}

/** POST /sync/{id}/approve. */
export class SyncApprovedResponse {
  @ApiProperty({ enum: ['approved'] }) status: 'approved';
  @ApiProperty() sync_id: number;
  @ApiProperty() simulation_id: number;
}

/** POST /sync/{id}/reject. */
export class SyncRejectedResponse {
  @ApiProperty({ enum: ['rejected'] }) status: 'rejected';
  @ApiProperty() sync_id: number;
}
