import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SyncItemStatus = 'pending' | 'approved' | 'rejected';

/** A tool an installation reported that waits for an admin (its reporter could not register it). */
@Entity('sync_items')
export class SyncItemEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'installation_id', type: 'varchar', length: 128, nullable: true })
  installationId: string | null;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  version: string;

  /** JSON text of the checked registration (schemas validated, bundle built, hash computed). */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: SyncItemStatus;

  @Column({ name: 'submitted_by', type: 'varchar', length: 64 })
  submittedBy: string;

  @Column({ name: 'submitted_at', type: Date })
  submittedAt: Date;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The simulation an approval registered. */
  @Column({ name: 'simulation_id', type: 'integer', nullable: true })
  simulationId: number | null;
}
