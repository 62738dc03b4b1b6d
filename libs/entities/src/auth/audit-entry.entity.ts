import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One act on someone else's work (a result, a cache entry, a file, a token, a session, a job):
 * who did it, what, when, why and to what. Kept in the auth database, which every app shares, so
 * an admin reads one log for the whole platform (`GET /audit` on the auth service).
 */
@Entity('audit_log')
@Index('idx_audit_log_created_at', ['createdAt', 'id'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** The acting user's id (null for an anonymous session). */
  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  /** The acting user's name at the time (`anonymous` for an anonymous session). */
  @Column({ type: 'varchar', length: 64 })
  actor: string;

  /** The app that did it: `results`, `cache`, `files`, `auth`, … */
  @Column({ type: 'varchar', length: 32 })
  service: string;

  /** What was done: `result.delete`, `cache.replace`, `cache.invalidate`, … */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  /** What it was done to: an execution id, a cache key, a filter as JSON. */
  @Column({ type: 'text' })
  target: string;

  /** Whose it was (an owner id), when one owner is known. */
  @Column({ name: 'target_owner_id', type: 'varchar', length: 64, nullable: true })
  targetOwnerId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
