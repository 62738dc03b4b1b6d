import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The parameter schema of one simulation version as its runs show it (sim2l's simulation_schemas):
 * `{input: {name: {type, units}}, output: {…}}`. Its id is the `schema_id` registration answers.
 */
@Entity('result_schemas')
export class ResultSchemaEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'simulation_name', type: 'varchar', length: 255 })
  simulationName: string;

  @Column({ name: 'simulation_version', type: 'varchar', length: 100 })
  simulationVersion: string;

  @Column({ name: 'schema_data', type: 'text' })
  schemaData: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
