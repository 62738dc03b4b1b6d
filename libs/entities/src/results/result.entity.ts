import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

const bigint = {
  to: (v: number | null) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

/** Where a result came from: a run file read from a run root, an uploaded run file, or sim2l's register_direct. */
export type ResultSource = 'run_root' | 'upload' | 'direct';

/**
 * One registered simulation result (sim2l's execution_results): one per squid id and one per
 * execution id. The parameter values are kept twice on purpose: as the JSON objects a client gets
 * back (`input_params`, `output_params`) and typed, one row each, in result_values for searching.
 */
@Entity('results')
export class ResultEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'execution_id', type: 'varchar', length: 128 })
  executionId: string;

  @Column({ name: 'squid_id', type: 'varchar', length: 512 })
  squidId: string;

  @Column({ name: 'simulation_name', type: 'varchar', length: 255 })
  simulationName: string;

  @Column({ name: 'simulation_version', type: 'varchar', length: 100 })
  simulationVersion: string;

  @Column({ name: 'schema_id', type: 'integer', nullable: true })
  schemaId: number | null;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  /** False once the run is invalidated: kept and readable, left out of searches unless asked. */
  @Column({ type: Boolean, default: true })
  valid: boolean;

  @Column({ name: 'invalid_reason', type: 'text', nullable: true })
  invalidReason: string | null;

  @Column({ name: 'invalidated_at', type: Date, nullable: true })
  invalidatedAt: Date | null;

  /**
   * Whether the values agree with the catalog version's schema: null when not checked (the
   * catalog does not know the version, was not reachable, or the result predates the check).
   */
  @Column({ name: 'schema_ok', type: Boolean, nullable: true })
  schemaOk: boolean | null;

  /** JSON array of the check's warnings ({param, class, problem, message}), when it found any. */
  @Column({ name: 'schema_warnings', type: 'text', nullable: true })
  schemaWarnings: string | null;

  @Column({ name: 'duration_seconds', type: 'double precision', nullable: true })
  durationSeconds: number | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt: Date | null;

  /** JSON object: input name → value. */
  @Column({ name: 'input_params', type: 'text' })
  inputParams: string;

  /** JSON object: output name → value. */
  @Column({ name: 'output_params', type: 'text' })
  outputParams: string;

  @Column({ type: 'text', nullable: true })
  metadata: string | null;

  /** The platform's own copy of the run file (stored by checksum), when there is one. */
  @Column({ name: 'run_file', type: 'text', nullable: true })
  runFile: string | null;

  @Column({ name: 'run_checksum', type: 'varchar', length: 64, nullable: true })
  runChecksum: string | null;

  @Column({ name: 'run_size_bytes', type: 'bigint', nullable: true, transformer: bigint })
  runSizeBytes: number | null;

  /** Where the run file was read from, or the run_db_path a client gave. */
  @Column({ name: 'source_path', type: 'text', nullable: true })
  sourcePath: string | null;

  @Column({ type: 'varchar', length: 16 })
  source: ResultSource;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;

  @Column({ name: 'registered_by', type: 'varchar', length: 64, nullable: true })
  registeredBy: string | null;

  /** Whose it is: a user id, or `anonymous:<session id>` (null: stored before owners by id, no account found). */
  @Column({ name: 'owner_id', type: 'varchar', length: 64, nullable: true })
  ownerId: string | null;
}
