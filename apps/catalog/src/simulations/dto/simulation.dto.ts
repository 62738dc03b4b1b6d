import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  SIMULATION_STATUSES,
  SIMULATION_VISIBILITIES,
  WORKFLOW_TYPES,
  type SimulationStatus,
  type SimulationVisibility,
  type WorkflowType,
} from '@simvault/entities';
import { NullIsValue } from '@simvault/core';
import { Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DEPENDENCIES } from './simulation-response.dto';

/** Python clients may send a version as a number (1.0); it is a string here. */
const numberAsString = () =>
  Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));

export class WorkflowFileDto {
  @ApiProperty({ example: 'workflow.py' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  path: string;

  @ApiProperty({ description: 'The file as plain text.' })
  @IsString()
  content: string;
}

/**
 * What sim2l's CatalogClient.register_simulation sends (wire names), plus the other catalog fields.
 * Every optional field takes null as not given: the client sends its unset keyword arguments as null.
 */
export class RegisterSimulationDto {
  @ApiProperty({ example: 'thermal_sim' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ example: '1.0.0' })
  @numberAsString()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  version: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  author?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  author_email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  organization?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  license?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  repository_url?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  documentation_url?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true, example: ['thermal', 'fem'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true, message: 'each tag must be at most 64 characters long' })
  tags?: string[] | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { temperature: { type: 'Number', units: 'K', min: 0, max: 2000, value: 300 } },
  })
  @IsOptional()
  @IsObject()
  input_schema?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  output_schema?: Record<string, unknown> | null;

  @ApiPropertyOptional({ enum: WORKFLOW_TYPES, nullable: true })
  @IsOptional()
  @IsIn(WORKFLOW_TYPES)
  workflow_type?: WorkflowType | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Computed from the files when absent.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  workflow_hash?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      '{format_version, workflow_type, entrypoint, files: [{path, encoding: "base64", content_base64, size_bytes, sha256}]}',
  })
  @IsOptional()
  @IsObject()
  workflow_bundle?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: [WorkflowFileDto],
    nullable: true,
    description: 'Plain-text files; become the bundle.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => WorkflowFileDto)
  workflow_files?: WorkflowFileDto[] | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  workflow_entrypoint?: string | null;

  @ApiPropertyOptional({ ...DEPENDENCIES, description: 'A list or an object.' })
  @Allow()
  dependencies?: unknown;

  @ApiPropertyOptional({ enum: SIMULATION_STATUSES, default: 'active', nullable: true })
  @IsOptional()
  @IsIn(SIMULATION_STATUSES)
  status?: SimulationStatus | null;

  @ApiPropertyOptional({ enum: SIMULATION_VISIBILITIES, default: 'public', nullable: true })
  @IsOptional()
  @IsIn(SIMULATION_VISIBILITIES)
  visibility?: SimulationVisibility | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  installation_id?: string | null;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description:
      'In an auto-sync report: false puts the tool before an admin even when the caller could register it.',
  })
  @IsOptional()
  @IsBoolean()
  auto_approve?: boolean | null;
}

/**
 * PATCH: any of the registration fields but the identity (name, version) and the origin. A null
 * clears a field, as sim2l's service writes it (a registration takes null as not given).
 */
@NullIsValue()
export class UpdateSimulationDto extends PartialType(
  OmitType(RegisterSimulationDto, ['name', 'version', 'installation_id', 'auto_approve'] as const),
) {}

/** The wire names PATCH accepts; anything else in a body is answered as `ignored_keys`. */
export const UPDATABLE_KEYS = [
  'description',
  'author',
  'author_email',
  'organization',
  'license',
  'repository_url',
  'documentation_url',
  'tags',
  'input_schema',
  'output_schema',
  'workflow_type',
  'workflow_hash',
  'workflow_bundle',
  'workflow_files',
  'workflow_entrypoint',
  'dependencies',
  'status',
  'visibility',
  'metadata',
] as const;
