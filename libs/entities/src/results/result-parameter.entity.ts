import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ParamClass = 'input' | 'output';

/** A parameter of a simulation (by name, across its versions): what it is called, its type and units. */
@Entity('result_parameters')
export class ResultParameterEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'simulation_name', type: 'varchar', length: 255 })
  simulationName: string;

  @Column({ name: 'param_class', type: 'varchar', length: 8 })
  paramClass: ParamClass;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** The type the run declared (sim2l's names: number, Integer, Text, Boolean, …), latest wins. */
  @Column({ name: 'declared_type', type: 'varchar', length: 64, nullable: true })
  declaredType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  units: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
