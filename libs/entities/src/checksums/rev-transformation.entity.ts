import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Which transformations produced a result. Rows are added, never replaced: a transformation whose
 * result was later overwritten still shows up under the result it once produced.
 */
@Entity('rev_transformation')
@Index('uq_rev_transformation_result_checksum', ['result', 'checksum'], { unique: true })
export class RevTransformationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  result: string;

  @Index('idx_rev_transformation_checksum')
  @Column({ type: 'varchar', length: 64 })
  checksum: string;
}
