import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A syntactic checksum and the semantic checksum it has for one celltype and subcelltype. */
@Entity('syntactic_to_semantic')
@Index('idx_syntactic_to_semantic_semantic', ['semantic', 'celltype', 'subcelltype'])
export class SyntacticToSemanticEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  syntactic: string;

  @PrimaryColumn({ type: 'text' })
  celltype: string;

  @PrimaryColumn({ type: 'text' })
  subcelltype: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  semantic: string;
}
