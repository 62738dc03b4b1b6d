import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SimulationStatus = 'active' | 'deprecated' | 'archived';
export const SIMULATION_STATUSES: SimulationStatus[] = ['active', 'deprecated', 'archived'];

export type SimulationVisibility = 'public' | 'internal' | 'private';
export const SIMULATION_VISIBILITIES: SimulationVisibility[] = ['public', 'internal', 'private'];

export type WorkflowType = 'notebook' | 'function' | 'dag';
export const WORKFLOW_TYPES: WorkflowType[] = ['notebook', 'function', 'dag'];

/**
 * One version of one simulation tool. `(name, version)` is unique; `version_key` is the version
 * rewritten so that comparing keys byte by byte orders versions as versions (1.10.0 after 1.9.0).
 * The JSON columns hold text (one migration serves both drivers).
 */
@Entity('simulations')
export class SimulationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  version: string;

  @Column({ name: 'version_key', type: 'varchar', length: 512 })
  versionKey: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  author: string | null;

  @Column({ name: 'author_email', type: 'varchar', length: 255, nullable: true })
  authorEmail: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  organization: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  license: string | null;

  @Column({ name: 'repository_url', type: 'text', nullable: true })
  repositoryUrl: string | null;

  @Column({ name: 'documentation_url', type: 'text', nullable: true })
  documentationUrl: string | null;

  /** JSON array of the tags as registered; `simulation_tags` holds them lower-cased for filtering. */
  @Column({ type: 'text' })
  tags: string;

  @Column({ name: 'input_schema', type: 'text' })
  inputSchema: string;

  @Column({ name: 'output_schema', type: 'text' })
  outputSchema: string;

  @Column({ name: 'workflow_type', type: 'varchar', length: 32, nullable: true })
  workflowType: WorkflowType | null;

  @Column({ name: 'workflow_hash', type: 'varchar', length: 128, nullable: true })
  workflowHash: string | null;

  /** JSON text of the bundle, files base64-encoded; never read by searches. */
  @Column({ name: 'workflow_bundle', type: 'text', nullable: true })
  workflowBundle: string | null;

  /** Decoded size of the bundle's files, so lists can show it without reading the bundle. */
  @Column({ name: 'bundle_bytes', type: 'integer', default: 0 })
  bundleBytes: number;

  @Column({ type: 'text', nullable: true })
  dependencies: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: SimulationStatus;

  @Column({ type: 'varchar', length: 16 })
  visibility: SimulationVisibility;

  @Column({ type: 'text', nullable: true })
  metadata: string | null;

  @Column({ name: 'installation_id', type: 'varchar', length: 128, nullable: true })
  installationId: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
