import { Entity, PrimaryColumn } from 'typeorm';

export const MAX_TAG_LENGTH = 100;

/** A tag on a folder or file (deleted with its entry). */
@Entity('file_tags')
export class FileTagEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 36 })
  entryId: string;

  @PrimaryColumn({ type: 'varchar', length: MAX_TAG_LENGTH })
  tag: string;
}
