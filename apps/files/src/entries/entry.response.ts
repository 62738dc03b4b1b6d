import { ROOT_FOLDER_ID } from '@simvault/entities';
import type { Entry } from './entries.repository';

/** An entry on the wire: sim2l's record (`parent_id` null at the top level), then ours. */
export function entryResponse(entry: Entry, tags: string[]) {
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
    /** A folder's number of entries. */
    child_count: entry.childCount,
    content_type: entry.contentType,
    /** The buffer-store checksum of uploaded content (the download's ETag). */
    checksum: entry.checksum,
    /** Where the uploaded content downloads from; null for folders and URI entries. */
    download: entry.checksum === null ? null : `/files/${entry.id}/content`,
    tags,
  };
}

export type EntryResponse = ReturnType<typeof entryResponse>;
