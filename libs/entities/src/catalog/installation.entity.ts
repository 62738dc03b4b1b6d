import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A place where simulation tools are installed (a sim2l CatalogClient reports itself on start). */
@Entity('installations')
export class InstallationEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  hostname: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  platform: string | null;

  /** JSON text of everything else the installation said about itself. */
  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ name: 'reported_by', type: 'varchar', length: 64 })
  reportedBy: string;

  @Column({ name: 'first_seen_at', type: Date })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: Date })
  lastSeenAt: Date;

  /** How many simulations its last report listed. */
  @Column({ name: 'simulation_count', type: 'integer', default: 0 })
  simulationCount: number;
}
