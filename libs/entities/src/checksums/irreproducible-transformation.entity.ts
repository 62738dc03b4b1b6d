import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A result withdrawn from a transformation, with the execution record it had (JSON `""` when none). */
@Entity('irreproducible_transformation')
export class IrreproducibleTransformationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('idx_irreproducible_transformation_checksum')
  @Column({ type: 'varchar', length: 64 })
  checksum: string;

  @Index('idx_irreproducible_transformation_result')
  @Column({ type: 'varchar', length: 64 })
  result: string;

  @Column({ type: 'text' })
  metadata: string;
}
