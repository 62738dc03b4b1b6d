import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The id of the one row every top-level entry hangs from (created by the migration; never listed). */
export const ROOT_FOLDER_ID = 'root';

/** The longest entry name, in UTF-8 bytes: what a file system accepts for one path component. */
export const MAX_ENTRY_NAME_BYTES = 255;

const bigint = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/**
 * A folder or a file of the file manager (sim2l's record, with its wire names). A file either points
 * at a URI or holds uploaded content, kept in the buffer store by `checksum`. Names are unique within
 * a folder; top-level entries have the root row as parent.
 */
@Entity('file_entries')
export class FileEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Null only for the root row. */
  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @Column({ type: 'varchar', length: MAX_ENTRY_NAME_BYTES })
  name: string;

  @Column({ name: 'is_folder', type: Boolean })
  isFolder: boolean;

  @Column({ type: 'bigint', default: 0, transformer: bigint })
  size: number;

  /** A folder's number of entries, kept up to date by every change (listings read it, never count). */
  @Column({ name: 'child_count', type: 'integer', default: 0 })
  childCount: number;

  @Column({ type: 'text', nullable: true })
  uri: string | null;

  /** The buffer-store checksum of uploaded content. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  checksum: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 255, nullable: true })
  contentType: string | null;

  @Column({ type: 'varchar', length: 64 })
  creator: string;

  /** Whose it is: a user id, or `anonymous:<session id>` (null: stored before owners by id, no account found). */
  @Column({ name: 'owner_id', type: 'varchar', length: 64, nullable: true })
  ownerId: string | null;

  /** JSON text of the metadata object. */
  @Column({ type: 'text', nullable: true })
  metadata: string | null;

  @Column({ name: 'date_created', type: Date })
  dateCreated: Date;

  @Column({ name: 'date_modified', type: Date })
  dateModified: Date;
}
