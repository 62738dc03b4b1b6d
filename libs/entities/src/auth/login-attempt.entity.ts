import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The login limit's shared count when there is no Redis: one row per (client address, username),
 * written by every app and replica (they all share the auth database). Written with plain SQL by
 * LoginRateLimiter in @simvault/auth; rows whose newest attempt has left the window are purged.
 */
@Entity('login_attempts')
export class LoginAttemptEntity {
  /** sha256 (hex) of the client address and the lower-cased username: a short key of one alphabet. */
  @PrimaryColumn({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  /** The attempts (epoch milliseconds) still in the window, as a JSON array: at most the limit. */
  @Column({ type: 'text' })
  times: string;

  /** The newest attempt (epoch milliseconds), for the purge. */
  @Index('idx_login_attempts_last_at')
  @Column({ name: 'last_at', type: 'bigint' })
  lastAt: string;
}
