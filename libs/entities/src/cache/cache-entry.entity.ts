import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CacheStatus = 'valid' | 'invalidated' | 'expired';

/** The longest cache key accepted: 512 characters stay under PostgreSQL's index row limit in any script. */
export const MAX_CACHE_KEY_LENGTH = 512;

const bigint = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/** One team-wide cache entry: where the result of a simulation run with given inputs lives. */
@Entity('cache_entries')
export class CacheEntryEntity {
  @PrimaryColumn({ name: 'cache_key', type: 'varchar', length: MAX_CACHE_KEY_LENGTH })
  cacheKey: string;

  @Column({ name: 'simulation_id', type: 'integer', nullable: true })
  simulationId: number | null;

  @Column({ name: 'simulation_name', type: 'varchar', length: 255 })
  simulationName: string;

  @Column({ name: 'simulation_version', type: 'varchar', length: 100 })
  simulationVersion: string;

  @Column({ name: 'execution_id', type: 'varchar', length: 128 })
  executionId: string;

  @Column({ name: 'squid_id', type: 'varchar', length: 512, nullable: true })
  squidId: string | null;

  @Column({ name: 'input_hash', type: 'varchar', length: 255, nullable: true })
  inputHash: string | null;

  @Column({ name: 'run_db_path', type: 'text', nullable: true })
  runDbPath: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: CacheStatus;

  /** JSON text of the client's metadata object (null when none). */
  @Column({ type: 'text', nullable: true })
  metadata: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', default: 0, transformer: bigint })
  sizeBytes: number;

  /** What computing this result cost; each hit saves that much. */
  @Column({ name: 'compute_seconds', type: 'double precision', nullable: true })
  computeSeconds: number | null;

  @Column({ name: 'access_count', type: 'integer', default: 0 })
  accessCount: number;

  @Column({ name: 'hit_count', type: 'integer', default: 0 })
  hitCount: number;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'expires_at', type: Date, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_accessed', type: Date, nullable: true })
  lastAccessed: Date | null;

  /** When the status left `valid` (invalidated or found expired); purges count from here. */
  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  /** Whose it is: a user id, or `anonymous:<session id>` (null: stored before owners by id, no account found). */
  @Column({ name: 'owner_id', type: 'varchar', length: 64, nullable: true })
  ownerId: string | null;
}
