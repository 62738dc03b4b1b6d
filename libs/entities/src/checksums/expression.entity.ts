import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The result of evaluating a path into an input checksum, converting celltype to target_celltype. */
@Entity('expression')
export class ExpressionEntity {
  @PrimaryColumn({ name: 'input_checksum', type: 'varchar', length: 64 })
  inputChecksum: string;

  /** The path as Python's json.dumps writes it (the reference's key, so lookups agree with its files). */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  path: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  celltype: string;

  @PrimaryColumn({ name: 'target_celltype', type: 'varchar', length: 20 })
  targetCelltype: string;

  @Index('idx_expression_result')
  @Column({ type: 'varchar', length: 64 })
  result: string;
}
