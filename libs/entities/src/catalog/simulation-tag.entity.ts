import { Entity, PrimaryColumn } from 'typeorm';

/** A simulation's tags, lower-cased, one row each: tag filters (any of, all of) are index lookups. */
@Entity('simulation_tags')
export class SimulationTagEntity {
  @PrimaryColumn({ name: 'simulation_id', type: 'integer' })
  simulationId: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  tag: string;
}
