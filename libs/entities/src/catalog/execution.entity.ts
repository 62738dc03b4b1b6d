import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** How an execution ended, from its free-form `status`, so statistics count with one indexed column. */
export type ExecutionOutcome = 'success' | 'failed' | 'other';

const bigint = {
  to: (v: number | null) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

/** One recorded execution of a simulation; `execution_id` is unique, so a retried record is a no-op. */
@Entity('executions')
export class ExecutionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'execution_id', type: 'varchar', length: 128 })
  executionId: string;

  @Column({ name: 'simulation_id', type: 'integer' })
  simulationId: number;

  @Column({ name: 'squid_id', type: 'varchar', length: 512, nullable: true })
  squidId: string | null;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: ExecutionOutcome;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt: Date | null;

  @Column({ name: 'duration_seconds', type: 'double precision', nullable: true })
  durationSeconds: number | null;

  @Column({ name: 'executor_type', type: 'varchar', length: 64, nullable: true })
  executorType: string | null;

  @Column({ name: 'cache_hit', type: Boolean, default: false })
  cacheHit: boolean;

  @Column({ name: 'run_db_path', type: 'text', nullable: true })
  runDbPath: string | null;

  @Column({ name: 'run_db_size_bytes', type: 'bigint', nullable: true, transformer: bigint })
  runDbSizeBytes: number | null;

  @Column({ name: 'input_hash', type: 'varchar', length: 255, nullable: true })
  inputHash: string | null;

  @Column({ name: 'output_count', type: 'integer', nullable: true })
  outputCount: number | null;

  @Column({ name: 'artifact_count', type: 'integer', nullable: true })
  artifactCount: number | null;

  @Column({ name: 'error_count', type: 'integer', nullable: true })
  errorCount: number | null;

  @Column({ name: 'warning_count', type: 'integer', nullable: true })
  warningCount: number | null;

  /** JSON text of the client's environment object. */
  @Column({ type: 'text', nullable: true })
  environment: string | null;

  /** Who recorded it: always the session's user, never the body. */
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'recorded_at', type: Date })
  recordedAt: Date;
}
