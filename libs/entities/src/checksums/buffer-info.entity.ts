import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What is known about a buffer (length, encodings, conversions), merged from every report. */
@Entity('buffer_info')
export class BufferInfoEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  checksum: string;

  /** JSON text with sorted keys, as the reference server writes it. */
  @Column({ name: 'buffer_info', type: 'text' })
  bufferInfo: string;
}
