import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/** A registered run whose artifacts are indexed: the platform's stored run file they were read from. */
@Entity('file_runs')
export class FileRunEntity {
  @PrimaryColumn({ name: 'execution_id', type: 'varchar', length: 128 })
  executionId: string;

  @Column({ name: 'simulation_name', type: 'varchar', length: 255 })
  simulationName: string;

  @Column({ name: 'simulation_version', type: 'varchar', length: 100 })
  simulationVersion: string;

  /** `<run store>/<cs[0:2]>/<cs>.db`: the platform's copy, which never changes once stored. */
  @Column({ name: 'run_file', type: 'text' })
  runFile: string;

  @Column({ type: 'varchar', length: 64 })
  checksum: string;

  @Column({ name: 'artifact_count', type: 'integer' })
  artifactCount: number;

  @Column({ name: 'total_size', type: 'bigint', transformer: bigint })
  totalSize: number;

  @Column({ name: 'indexed_at', type: Date })
  indexedAt: Date;

  /** `run-registered` for the queue event, else the username that asked. */
  @Column({ name: 'indexed_by', type: 'varchar', length: 64 })
  indexedBy: string;
}
