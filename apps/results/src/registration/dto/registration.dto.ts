import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueryBoolean } from '@simvault/core';
import { EXECUTION_ID_PATTERN, EXECUTION_ID_RULE } from '@simvault/run-db';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_BATCH_FILES } from '../run-roots';

const executionIdMessage = `execution_id must be ${EXECUTION_ID_RULE}`;

/** sim2l's register body (what ResultsClient.register_result sends), plus `async`. */
export class RegisterDto {
  @ApiProperty({ example: 'exec-2024-001', pattern: EXECUTION_ID_PATTERN.source })
  @IsString()
  @Matches(EXECUTION_ID_PATTERN, { message: executionIdMessage })
  execution_id: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The run file, absolute or relative to a run root; default <run root>/<execution_id>.db.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  run_db_path?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "Default: the run file's squid_id, else name/version/execution_id.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  squid_id?: string | null;

  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    default: false,
    description: 'Answer 202 with a job id at once; GET /jobs/<id> follows it.',
  })
  @IsOptional()
  @IsBoolean()
  async?: boolean;
}

/** POST /register/upload: the run file is the request body; these come in the query string. */
export class UploadQuery {
  @ApiPropertyOptional({ description: 'When given, the file must hold this execution.' })
  @IsOptional()
  @IsString()
  @Matches(EXECUTION_ID_PATTERN, { message: executionIdMessage })
  execution_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(512)
  squid_id?: string;

  @ApiPropertyOptional({ default: false })
  @QueryBoolean()
  async?: boolean;
}

/**
 * sim2l's register_direct body. Every field is optional here so that a missing one is answered as
 * sim2l's clients expect (`{error: "<field> required"}`); the service checks the required ones.
 */
export class RegisterDirectDto {
  @ApiProperty({ type: String, nullable: true, example: 'exec-2024-002' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  execution_id?: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'thermal_sim' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  simulation_name?: string | null;

  @ApiProperty({ type: String, nullable: true, example: '1.0.0' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  simulation_version?: string | null;

  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, example: { temperature: 350 } })
  @IsOptional()
  @IsObject()
  input_params?: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, example: { max_stress: 1.5e8 } })
  @IsOptional()
  @IsObject()
  output_params?: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, example: 'completed' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  status?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  squid_id?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  duration_seconds?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Kept as the source path; no file is read.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  run_db_path?: string | null;

  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;
}

export class BatchDto {
  @ApiPropertyOptional({ type: [String], description: 'Run files under the run roots.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BATCH_FILES)
  @IsString({ each: true })
  paths?: string[];

  @ApiPropertyOptional({ description: 'A directory under the run roots: every *.db / *.sqlite file in it.' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  directory?: string;

  @ApiPropertyOptional({ default: false, description: 'With directory: its subdirectories too.' })
  @IsOptional()
  @IsBoolean()
  recursive?: boolean;
}
