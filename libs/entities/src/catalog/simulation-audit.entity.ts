import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'registered' | 'updated' | 'deleted';

/**
 * The audit log: every change to a simulation, who made it and when, and what changed. Rows
 * outlive the simulation (no foreign key), so a deletion stays on record.
 */
@Entity('simulation_audit')
export class SimulationAuditEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'simulation_id', type: 'integer' })
  simulationId: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  version: string;

  @Column({ type: 'varchar', length: 16 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** JSON text: `{field: {from, to}}` for an update, the registered or deleted fields otherwise. */
  @Column({ type: 'text' })
  changes: string;
}
