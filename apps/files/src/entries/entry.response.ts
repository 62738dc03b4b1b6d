import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROOT_FOLDER_ID } from '@simvault/entities';
import type { Entry } from './entries.repository';

/** An entry on the wire: sim2l's record (`parent_id` null at the top level), then ours. */
export class EntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() size: number;
  @ApiProperty({ type: String, nullable: true }) uri: string | null;
  @ApiProperty() creator: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null at the top level.' }) parent_id:
    string | null;
  @ApiProperty() is_folder: boolean;
  @ApiProperty() date_created: string;
  @ApiProperty() date_modified: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  metadata: Record<string, unknown> | null;
  @ApiProperty({ description: "A folder's number of entries." }) child_count: number;
  @ApiProperty({ type: String, nullable: true }) content_type: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The buffer-store checksum of uploaded content (the download's ETag).",
  })
  checksum: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where the uploaded content downloads from; null for folders and URI entries.',
  })
  download: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
}

/** An entry on the wire: sim2l's record (`parent_id` null at the top level), then ours. */
export function entryResponse(entry: Entry, tags: string[]): EntryResponse {
  return {
    id: entry.id,
    name: entry.name,
    size: entry.size,
    uri: entry.uri,
    creator: entry.creator,
    parent_id: entry.parentId === ROOT_FOLDER_ID ? null : entry.parentId,
    is_folder: entry.isFolder,
    date_created: entry.dateCreated.toISOString(),
    date_modified: entry.dateModified.toISOString(),
    metadata: entry.metadata,
    child_count: entry.childCount,
    content_type: entry.contentType,
    checksum: entry.checksum,
    download: entry.checksum === null ? null : `/files/${entry.id}/content`,
    tags,
  };
}

/** A page of entries; `next_cursor` continues it by keyset. */
export class EntryPage {
  @ApiProperty({ type: [EntryResponse] }) items: EntryResponse[];
  @ApiProperty({ description: 'How many match, across every page.' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last one.',
  })
  next_cursor: string | null;
}

/** GET /files/{id}: the entry; a folder lists a page of its children too. */
export class FolderResponse extends EntryResponse {
  @ApiPropertyOptional({ type: EntryPage }) children?: EntryPage;
}

/** POST /files/upload and PUT /files/{id}/content. */
export class UploadedEntryResponse extends EntryResponse {
  @ApiProperty({ description: 'True when the same bytes were stored already.' }) deduplicated: boolean;
}

/** DELETE /files/{id}. */
export class DeletedEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'How many entries went (a folder with everything in it).' }) deleted: number;
}

/** POST /files/batch. */
export class BatchAnswer {
  @ApiProperty() action: string;
  @ApiProperty() count: number;
  @ApiPropertyOptional({ description: 'delete: how many entries went, with what the folders held.' })
  deleted?: number;
}
