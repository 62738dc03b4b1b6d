import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsChecksum } from '@simvault/buffers';
import { QueryBoolean } from '@simvault/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsInt,
  Max,
  MaxLength,
  Min,
  IsOptional,
  IsString,
} from 'class-validator';

const checksum = (field: string, each = false) => IsChecksum(field, { each });
const CHECKSUM_EXAMPLE = 'a'.repeat(64);

/** The most transformation checksums one batch lookup may ask for. */
export const MAX_BATCH_LOOKUP = 1000;

export class PutTransformationDto {
  @ApiProperty({ description: 'The result checksum (64 hex characters).', example: CHECKSUM_EXAMPLE })
  @IsString()
  @checksum('result')
  result: string;
}

export class LookupTransformationsDto {
  @ApiProperty({
    description: `Transformation checksums to look up (at most ${MAX_BATCH_LOOKUP}).`,
    type: [String],
    example: [CHECKSUM_EXAMPLE],
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_BATCH_LOOKUP)
  @IsString({ each: true })
  @checksum('checksums', true)
  checksums: string[];

  @ApiPropertyOptional({
    description:
      'Only count a result as found when its buffer is in the buffer store; the others are listed in missing_buffers.',
  })
  @IsOptional()
  @IsBoolean()
  validate?: boolean;
}

export class ValidateQuery {
  @ApiPropertyOptional({
    description: 'A hit only when the result buffer is in the buffer store (404 with the reason otherwise).',
  })
  @QueryBoolean()
  validate?: boolean;
}

export class LookupTransformationsResponse {
  @ApiProperty({
    description:
      'Every checksum asked for (lowercase), with its result checksum or null when none is stored.',
    example: { [CHECKSUM_EXAMPLE]: 'b'.repeat(64) },
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
  })
  results: Record<string, string | null>;

  @ApiPropertyOptional({
    description:
      'With validate: the transformations whose recorded result has no buffer in the store (reported as null in results).',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  missing_buffers?: Record<string, string>;
}

export class TransformationResponse {
  @ApiProperty({ example: CHECKSUM_EXAMPLE })
  checksum: string;

  @ApiProperty({ example: 'b'.repeat(64) })
  result: string;
}

export class PutExecutionRecordDto {
  @ApiProperty({ description: 'The result checksum this execution produced.', example: 'b'.repeat(64) })
  @IsString()
  @checksum('result')
  result: string;

  @ApiProperty({
    description:
      "The execution record: an object, or its JSON text as a string (send text to keep every number exactly as written). It needs an integer schema_version, and tf_checksum and result_checksum equal to the path's checksum and the result.",
    example: {
      schema_version: 1,
      tf_checksum: 'a'.repeat(64),
      result_checksum: 'b'.repeat(64),
      wall_time_seconds: 1.0,
    },
    oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }],
  })
  @IsDefined({ message: 'record is required' })
  record: object | string;
}

export class CelltypeQuery {
  @ApiProperty({ example: 'plain' })
  @IsString()
  celltype: string;

  @ApiProperty({ example: '' })
  @IsString()
  subcelltype: string;
}

export class PutSyntacticDto extends CelltypeQuery {
  @ApiProperty({ description: 'Syntactic checksums of this semantic checksum.', type: [String] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_BATCH_LOOKUP)
  @IsString({ each: true })
  @checksum('syntactic', true)
  syntactic: string[];
}

/** The largest page of GET /checksums/transformations. */
export const MAX_TRANSFORMATIONS_PAGE = 1000;

/** The page size of the record listings (class-validator and Swagger read inherited rules). */
class RecordsPageLimit {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TRANSFORMATIONS_PAGE, default: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TRANSFORMATIONS_PAGE)
  limit?: number;
}

export class ListTransformationsQuery extends RecordsPageLimit {
  @ApiPropertyOptional({ description: 'Start after this checksum (the `next` of the previous page).' })
  @IsOptional()
  @checksum('after')
  after?: string;
}

export class TransformationsPage {
  @ApiProperty({ type: [TransformationResponse] })
  transformations: TransformationResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `after` of the next page; null on the last one.',
  })
  next: string | null;
}

/** DELETE /checksums/transformations/{checksum}: the result withdrawn. */
export class WithdrawnTransformationResponse extends TransformationResponse {
  @ApiProperty({ enum: [true] }) withdrawn: true;
}

export class IrreproducibleRecord {
  @ApiProperty({ example: 'b'.repeat(64) }) result: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Its execution record as stored, or null.',
  })
  record: object | null;
}

/** GET /checksums/transformations/{checksum}/irreproducible: oldest first. */
export class IrreproducibleResponse {
  @ApiProperty({ example: CHECKSUM_EXAMPLE }) checksum: string;
  @ApiProperty({ type: [IrreproducibleRecord] }) records: IrreproducibleRecord[];
}

/** GET /checksums/results/{checksum}/transformations: oldest first. */
export class ReverseTransformationsResponse {
  @ApiProperty({ example: 'b'.repeat(64) }) result: string;
  @ApiProperty({ type: [String] }) transformations: string[];
}

/** GET and PUT /checksums/buffer-info/{checksum}. */
export class BufferInfoResponse {
  @ApiProperty({ example: CHECKSUM_EXAMPLE }) checksum: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'length, is_* flags and conversions, as Seamless knows them.',
    example: { length: 1024, is_utf8: true, is_json: false },
  })
  info: Record<string, unknown>;
}

/** GET /checksums/execution-records/{checksum}: the record exactly as it was stored. */
export class ExecutionRecordResponse {
  @ApiProperty({ example: CHECKSUM_EXAMPLE }) checksum: string;
  @ApiProperty({ example: 'b'.repeat(64) }) result: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) record: object;
}

/** PUT /checksums/execution-records/{checksum}. */
export class StoredExecutionRecordResponse {
  @ApiProperty({ example: CHECKSUM_EXAMPLE }) checksum: string;
  @ApiProperty({ example: 'b'.repeat(64) }) result: string;
  @ApiProperty({ enum: [true] }) stored: true;
}

/** GET and PUT /checksums/semantic/{checksum}/syntactic. */
export class SyntacticChecksumsResponse {
  @ApiProperty({ example: CHECKSUM_EXAMPLE }) semantic: string;
  @ApiProperty() celltype: string;
  @ApiProperty() subcelltype: string;
  @ApiProperty({ type: [String] }) syntactic: string[];
}

/** GET /checksums/syntactic/{checksum}/semantic. */
export class SemanticChecksumsResponse {
  @ApiProperty({ example: CHECKSUM_EXAMPLE }) syntactic: string;
  @ApiProperty() celltype: string;
  @ApiProperty() subcelltype: string;
  @ApiProperty({ type: [String] }) semantic: string[];
}

export class ListRecordsQuery extends RecordsPageLimit {
  @ApiPropertyOptional({ description: 'Start after this cursor (the `next` of the previous page).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  after?: string;
}

export class RecordsPage {
  @ApiProperty({ description: 'The kind listed.' })
  kind: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: "The records, each the table's columns as stored (JSON columns as their text).",
  })
  records: Record<string, unknown>[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `after` of the next page (an opaque cursor); null on the last one.',
  })
  next: string | null;
}
