import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The invalidation log: who withdrew which entries, when, why, and how many. */
@Entity('cache_invalidations')
export class CacheInvalidationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** JSON text of the filter that was applied. */
  @Column({ type: 'text' })
  filter: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'invalidated_count', type: 'integer' })
  invalidatedCount: number;
}
