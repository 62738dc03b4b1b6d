import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The execution record of a transformation (the protocol's `metadata`), one per transformation. */
@Entity('meta_data')
export class ExecutionRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  checksum: string;

  @Index('idx_meta_data_result')
  @Column({ type: 'varchar', length: 64 })
  result: string;

  /** The JSON text exactly as the client sent it: numbers are never parsed into doubles. */
  @Column({ type: 'text' })
  metadata: string;
}
