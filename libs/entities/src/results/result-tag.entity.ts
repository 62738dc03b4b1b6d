import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One tag of a result: a key with one value (see the ResultsTags migration for the limits). */
@Entity('result_tags')
export class ResultTagEntity {
  @PrimaryColumn({ name: 'result_id', type: 'integer' })
  resultId: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 256 })
  value: string;
}
