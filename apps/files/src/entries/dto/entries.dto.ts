import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NullIsValue, PageQueryDto, QueryBoolean } from '@simvault/core';
import { IsChecksum } from '@simvault/buffers';
import { MAX_ENTRY_NAME_BYTES } from '@simvault/entities';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Max,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { MEDIA_TYPE } from '../../http/content-type';
import { MAX_BATCH } from '../../tokens';
import { nameProblem, tagProblem } from '../names';
import type { SortKey, SortOrder } from '../entries.repository';

const MEDIA_TYPE_MESSAGE = 'content_type must be a media type such as text/csv or text/plain; charset=utf-8';

/** A folder or file name: no path separators, no "." or "..", no control characters, ≤ 255 bytes. */
export function IsEntryName(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEntryName',
      validator: {
        validate: (value: unknown) => nameProblem(value) === null,
        defaultMessage: (args) => nameProblem(args?.value, args?.property) ?? 'invalid name',
      },
    },
    options,
  );
}

function IsTagList(): PropertyDecorator {
  return ValidateBy({
    name: 'isTagList',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every((t) => tagProblem(t) === null),
      defaultMessage: (args) =>
        (Array.isArray(args?.value) ? args.value.map(tagProblem).find((p) => p) : null) ??
        'tags must be a list of strings',
    },
  });
}

const ENTRY_ID = /^[A-Za-z0-9-]{1,36}$/;
const ENTRY_ID_MESSAGE = 'must be the id of a folder (letters, digits and "-"; "root" for the top level)';

export const SORT_KEYS: SortKey[] = ['name', 'date_created', 'date_modified', 'size'];

export class ListEntriesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'The folder to list; the top level when absent (or "root").' })
  @IsOptional()
  @Matches(ENTRY_ID, { message: `parent_id ${ENTRY_ID_MESSAGE}` })
  parent_id?: string;

  @ApiPropertyOptional({ description: 'Only entries with this tag (anywhere, or in parent_id when given).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  tag?: string;

  @ApiPropertyOptional({ enum: SORT_KEYS, default: 'name' })
  @IsOptional()
  @IsIn(SORT_KEYS, { message: `sort must be one of ${SORT_KEYS.join(', ')}` })
  sort: SortKey = 'name';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order: SortOrder = 'asc';

  @ApiPropertyOptional({
    description:
      "The previous page's next_cursor: the page after it, at the same cost however deep (offset is ignored).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}

export class CreateEntryDto {
  @ApiProperty({ example: 'simulation_outputs', maxLength: MAX_ENTRY_NAME_BYTES })
  @IsEntryName()
  name: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The folder to create it in; the top level when absent.',
  })
  @IsOptional()
  @Matches(ENTRY_ID, { message: `parent_id ${ENTRY_ID_MESSAGE}` })
  parent_id?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  is_folder?: boolean;

  @ApiPropertyOptional({
    type: String,
    description: 'Where the file is (a file entry that holds no content here).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  uri?: string | null;

  @ApiPropertyOptional({ type: Number, description: "The pointed-at file's size, as the client knows it." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  size?: number | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(MEDIA_TYPE, { message: MEDIA_TYPE_MESSAGE })
  content_type?: string | null;

  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsTagList()
  tags?: string[];
}

export class UpdateEntryDto {
  @ApiPropertyOptional({ description: 'A new name (rename).' })
  @IsOptional()
  @IsEntryName()
  name?: string;

  @NullIsValue()
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Another folder (move); null or "root" for the top level.',
  })
  @IsOptional()
  @Matches(ENTRY_ID, { message: `parent_id ${ENTRY_ID_MESSAGE}` })
  parent_id?: string | null;

  @NullIsValue()
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'Replaces the metadata; null clears it.',
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the tags.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsTagList()
  tags?: string[];
}

export class ContentQuery {
  @ApiPropertyOptional({
    description:
      "The Content-Type to serve the file with (default: the request's, unless it is application/octet-stream).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(MEDIA_TYPE, { message: MEDIA_TYPE_MESSAGE })
  content_type?: string;

  @ApiPropertyOptional({
    description:
      "The body's checksum in the buffer store's hash (SHA-256 by default): the body is then stored as it arrives, without a temporary copy, and refused if it does not match.",
  })
  @IsOptional()
  @IsChecksum('checksum')
  checksum?: string;
}

export class UploadQuery extends ContentQuery {
  @ApiProperty()
  @IsEntryName()
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ENTRY_ID, { message: `parent_id ${ENTRY_ID_MESSAGE}` })
  parent_id?: string;
}

export class DeleteQuery {
  @ApiPropertyOptional({
    description: 'Delete a folder with everything in it (a non-empty folder otherwise stays).',
  })
  @QueryBoolean()
  recursive?: boolean;
}

export const BATCH_ACTIONS = ['move', 'delete', 'tag', 'untag'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

export class BatchDto {
  @ApiProperty({ enum: BATCH_ACTIONS })
  @IsIn(BATCH_ACTIONS, { message: `action must be one of ${BATCH_ACTIONS.join(', ')}` })
  action: BatchAction;

  @ApiProperty({ type: [String], maxItems: MAX_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ArrayUnique()
  @Matches(ENTRY_ID, {
    each: true,
    message: `each id ${ENTRY_ID_MESSAGE.replace('of a folder', 'of an entry')}`,
  })
  ids: string[];

  @NullIsValue()
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'move: the folder to move into (null or "root": the top level).',
  })
  @IsOptional()
  @Matches(ENTRY_ID, { message: `parent_id ${ENTRY_ID_MESSAGE}` })
  parent_id?: string | null;

  @ApiPropertyOptional({ description: 'delete: folders with everything in them.' })
  @IsOptional()
  @IsBoolean()
  recursive?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'tag, untag: the tags.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsTagList()
  tags?: string[];
}
