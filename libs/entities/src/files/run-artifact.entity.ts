import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Where an artifact's bytes are: in its run file's `data` column, in a file on disk, or nowhere. */
export type ArtifactStorage = 'inline' | 'external' | 'none';

const bigint = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/**
 * One artifact of an indexed run, as its run file's `artifacts` table describes it (`artifact_id` is
 * that table's id). The simulation's name and version are repeated so a version's files list from
 * one index.
 */
@Entity('run_artifacts')
export class RunArtifactEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'execution_id', type: 'varchar', length: 128 })
  executionId: string;

  @Column({ name: 'artifact_id', type: 'integer' })
  artifactId: number;

  @Column({ name: 'simulation_name', type: 'varchar', length: 255 })
  simulationName: string;

  @Column({ name: 'simulation_version', type: 'varchar', length: 100 })
  simulationVersion: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  path: string | null;

  @Column({ type: 'bigint', transformer: bigint })
  size: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  category: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 255, nullable: true })
  contentType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** As the run file has it (sim2l writes str() of a naive UTC datetime). */
  @Column({ name: 'created_at', type: 'varchar', length: 64, nullable: true })
  createdAt: string | null;

  @Column({ type: 'varchar', length: 16 })
  storage: ArtifactStorage;

  @Column({ name: 'external_path', type: 'text', nullable: true })
  externalPath: string | null;
}
