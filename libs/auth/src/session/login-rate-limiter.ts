import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ApiError, SIMVAULT_CONFIG, SIMVAULT_LOGGER, type Logger, type SimvaultConfig } from '@simvault/core';
import { InjectDataSource } from '@simvault/db';
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { AUTH_DB } from '../tokens';

const WINDOW_MS = 60_000;

/** What a reservation found: taken, or refused because the window holds `limit` attempts already. */
type Reservation = { reserved: true } | { reserved: false; oldest: number };

/** Login attempts per key in a sliding window, shared by every app and replica. */
interface AttemptLog {
  /** Records an attempt unless the window already holds `limit`; one atomic step. */
  reserve(key: string, now: number, limit: number): Promise<Reservation>;
  clear(key: string): Promise<void>;
}

/**
 * The auth database, which every app already shares for sessions: one row per key holding the
 * attempt times still in the window. One upsert reserves: its WHERE counts the row's attempts
 * under the row's lock (PostgreSQL's ON CONFLICT takes the newest version of the row, even one
 * committed after the statement began; SQLite takes its write lock before the statement reads), so
 * parallel attempts on any number of processes cannot all pass. Rows cost the attacker's rate and
 * leave with the window; nothing is evicted early, so no flood of other keys resets a count.
 */
class DatabaseAttemptLog implements AttemptLog {
  private readonly pg: boolean;
  private purgedAt = 0;

  constructor(private readonly dataSource: DataSource) {
    this.pg = dataSource.options.type === 'postgres';
  }

  async reserve(key: string, now: number, limit: number): Promise<Reservation> {
    const since = now - WINDOW_MS;
    const rows = (await this.dataSource.query(
      this.pg
        ? `INSERT INTO login_attempts (key_hash, times, last_at) VALUES ($1, json_build_array($2::bigint)::text, $2)
           ON CONFLICT (key_hash) DO UPDATE SET
             times = (SELECT json_agg(t)::text FROM (
               SELECT value::bigint AS t FROM json_array_elements_text(login_attempts.times::json)
               WHERE value::bigint > $3 UNION ALL SELECT $2::bigint) recent),
             last_at = $2
           WHERE (SELECT count(*) FROM json_array_elements_text(login_attempts.times::json)
                  WHERE value::bigint > $3) < $4
           RETURNING key_hash`
        : `INSERT INTO login_attempts (key_hash, times, last_at) VALUES (?, json_array(?), ?)
           ON CONFLICT (key_hash) DO UPDATE SET
             times = (SELECT json_group_array(t) FROM (
               SELECT value AS t FROM json_each(login_attempts.times) WHERE value > ? UNION ALL SELECT ?)),
             last_at = excluded.last_at
           WHERE (SELECT count(*) FROM json_each(login_attempts.times) WHERE value > ?) < ?
           RETURNING key_hash`,
      this.pg ? [key, now, since, limit] : [key, now, now, since, now, since, limit],
    )) as unknown[];
    if (now - this.purgedAt >= WINDOW_MS) {
      this.purgedAt = now;
      void this.dataSource
        .query(`DELETE FROM login_attempts WHERE last_at <= ${this.pg ? '$1' : '?'}`, [since])
        .catch(() => undefined);
    }
    if (rows.length > 0) return { reserved: true };
    const [row] = (await this.dataSource.query(
      `SELECT times FROM login_attempts WHERE key_hash = ${this.pg ? '$1' : '?'}`,
      [key],
    )) as { times: string }[];
    const recent = (row ? (JSON.parse(row.times) as number[]) : []).map(Number).filter((t) => t > since);
    return { reserved: false, oldest: recent.length > 0 ? Math.min(...recent) : now };
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_attempts WHERE key_hash = ${this.pg ? '$1' : '?'}`, [key]);
  }
}

/** Trims the window, then adds the attempt only when fewer than the limit remain: atomic in Redis. */
const RESERVE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return false`;

/** A sorted set per key in Redis (scores are the attempt times; the set expires with the window). */
class RedisAttemptLog implements AttemptLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private name(key: string): string {
    return `${this.prefix}:login-attempts:${key}`;
  }

  async reserve(key: string, now: number, limit: number): Promise<Reservation> {
    const oldest = (await this.redis.eval(
      RESERVE_SCRIPT,
      1,
      this.name(key),
      now,
      WINDOW_MS,
      limit,
      `${now}:${randomUUID()}`,
    )) as string | null;
    return oldest === null ? { reserved: true } : { reserved: false, oldest: Number(oldest) };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.name(key));
  }
}

/**
 * Login attempts per (client address, username) in a sliding minute, one limit for every app and
 * replica. An attempt is reserved before the password is checked (so parallel attempts stop at
 * the limit) and counts as a failure unless the login succeeds, which clears the count. Further
 * attempts are a 429 until the oldest leaves the window. The count lives in Redis when
 * SIMVAULT_REDIS_URL is set, otherwise (and whenever Redis fails) in the auth database.
 */
@Injectable()
export class LoginRateLimiter implements OnApplicationShutdown {
  private readonly limit: number;
  private readonly database: DatabaseAttemptLog;
  private redis?: Redis;
  private shared?: RedisAttemptLog;

  constructor(
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
    @InjectDataSource(AUTH_DB) dataSource: DataSource,
  ) {
    this.limit = config.auth.loginAttemptsPerMinute;
    this.database = new DatabaseAttemptLog(dataSource);
  }

  /** Addresses and usernames are the caller's; hashed, they make short keys of one alphabet. */
  private key(address: string, username: string) {
    return createHash('sha256').update(`${address}\u0000${username.toLowerCase()}`).digest('hex');
  }

  /** Runs `work` on Redis when configured, on the auth database without it or when Redis fails. */
  private async use<T>(work: (log: AttemptLog) => Promise<T>): Promise<T> {
    if (!this.config.redisUrl) return work(this.database);
    if (!this.shared) {
      // Connected on the first login: most requests of most apps never need it.
      this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
      this.redis.on('error', (e) => this.logger.warn({ err: e.message }, 'login limiter connection error'));
      this.shared = new RedisAttemptLog(this.redis, this.config.queuePrefix);
    }
    try {
      return await work(this.shared);
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'login limiter: Redis failed; counting in the auth database',
      );
      return work(this.database);
    }
  }

  /**
   * Counts this attempt before its password is checked; a 429 when this address has used up its
   * attempts for this username.
   */
  async reserve(address: string, username: string, now = Date.now()): Promise<void> {
    const key = this.key(address, username);
    const result = await this.use((log) => log.reserve(key, now, this.limit));
    if (!result.reserved) {
      const retryAfter = Math.max(1, Math.ceil((result.oldest + WINDOW_MS - now) / 1000));
      throw new ApiError(
        429,
        `Too many login attempts for this user from your address; try again in ${retryAfter} seconds.`,
        undefined,
        { 'Retry-After': String(retryAfter) },
      );
    }
  }

  /** A successful login clears the count of its address and username. */
  async succeed(address: string, username: string): Promise<void> {
    const key = this.key(address, username);
    await this.use((log) => log.clear(key));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
