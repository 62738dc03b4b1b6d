import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A transformation checksum and the result checksum it computed: the question Seamless asks first. */
@Entity('transformation')
export class TransformationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  checksum: string;

  @Index('idx_transformation_result')
  @Column({ type: 'varchar', length: 64 })
  result: string;
}
