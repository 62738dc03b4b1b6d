import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Which code each transformation buffer in the buffer store runs (its `code` pin's checksum),
 * filled as the buffers arrive: how an explain finds the recorded transformations of the same code
 * without reading every buffer. A fact of the buffer's bytes, so it never goes stale.
 */
@Entity('transformation_code')
@Index('idx_transformation_code_code_id', ['code', 'id'])
export class TransformationCodeEntity {
  /** Arrival order: an explain reads the latest transformations of a code first. */
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_transformation_code_checksum', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  checksum: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;
}
