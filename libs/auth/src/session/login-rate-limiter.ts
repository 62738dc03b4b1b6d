import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ApiError, SIMVAULT_CONFIG, SIMVAULT_LOGGER, type Logger, type SimvaultConfig } from '@simvault/core';
import Redis from 'ioredis';

const WINDOW_MS = 60_000;
const MAX_KEYS = 50_000;

/** Failed-login times per key, in a sliding window. */
interface FailureLog {
  /** How many failures lie in the window ending at `now`, and when the oldest of them was. */
  recent(key: string, now: number): Promise<{ count: number; oldest: number }>;
  add(key: string, now: number): Promise<void>;
  clear(key: string): Promise<void>;
}

/** One process's memory: every replica counts on its own. */
class MemoryFailureLog implements FailureLog {
  private readonly failures = new Map<string, number[]>();

  private window(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  async recent(key: string, now: number) {
    const times = this.window(key, now);
    return { count: times.length, oldest: times[0] ?? now };
  }

  async add(key: string, now: number) {
    if (this.failures.size >= MAX_KEYS) {
      for (const k of [...this.failures.keys()]) this.window(k, now);
      if (this.failures.size >= MAX_KEYS) this.failures.clear();
    }
    this.failures.set(key, [...this.window(key, now), now]);
  }

  async clear(key: string) {
    this.failures.delete(key);
  }
}

/**
 * A sorted set per key in Redis (scores are the failure times, the whole set expires with the
 * window): every replica of every app counts against the same limit.
 */
class RedisFailureLog implements FailureLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Addresses and usernames are the caller's; hashed, they make short keys of one alphabet. */
  private name(key: string): string {
    return `${this.prefix}:login-failures:${createHash('sha256').update(key).digest('base64url')}`;
  }

  async recent(key: string, now: number) {
    const name = this.name(key);
    const replies = await this.redis
      .multi()
      .zremrangebyscore(name, '-inf', now - WINDOW_MS)
      .zrange(name, 0, 0, 'WITHSCORES')
      .zcard(name)
      .exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error('the Redis transaction was aborted');
    const first = replies[1][1] as string[];
    return { count: Number(replies[2][1]), oldest: first.length === 2 ? Number(first[1]) : now };
  }

  async add(key: string, now: number) {
    const name = this.name(key);
    await this.redis.multi().zadd(name, now, `${now}:${randomUUID()}`).pexpire(name, WINDOW_MS).exec();
  }

  async clear(key: string) {
    await this.redis.del(this.name(key));
  }
}

/**
 * Failed logins per (client address, username) in a sliding minute. After the configured number
 * of failures every further attempt is a 429 until the oldest failure leaves the window; a
 * successful login clears the count. With SIMVAULT_REDIS_URL the count lives in Redis, shared by
 * every replica; should Redis fail, each process counts in its own memory until it answers again.
 */
@Injectable()
export class LoginRateLimiter implements OnApplicationShutdown {
  private readonly limit: number;
  private readonly memory = new MemoryFailureLog();
  private redis?: Redis;
  private shared?: RedisFailureLog;

  constructor(
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {
    this.limit = config.auth.loginAttemptsPerMinute;
  }

  private key(address: string, username: string) {
    return `${address}\u0000${username.toLowerCase()}`;
  }

  /** Runs `work` on the shared log, or on this process's memory without Redis or when it fails. */
  private async use<T>(work: (log: FailureLog) => Promise<T>): Promise<T> {
    if (!this.config.redisUrl) return work(this.memory);
    if (!this.shared) {
      // Connected on the first login: most requests of most apps never need it.
      this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
      this.redis.on('error', (e) => this.logger.warn({ err: e.message }, 'login limiter connection error'));
      this.shared = new RedisFailureLog(this.redis, this.config.queuePrefix);
    }
    try {
      return await work(this.shared);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'login limiter: Redis failed; counting in memory');
      return work(this.memory);
    }
  }

  /** Throws 429 when this address has used up its attempts for this username. */
  async check(address: string, username: string, now = Date.now()): Promise<void> {
    const { count, oldest } = await this.use((log) => log.recent(this.key(address, username), now));
    if (count >= this.limit) {
      const retryAfter = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
      throw new ApiError(
        429,
        `Too many login attempts for this user from your address; try again in ${retryAfter} seconds.`,
        undefined,
        { 'Retry-After': String(retryAfter) },
      );
    }
  }

  async fail(address: string, username: string, now = Date.now()): Promise<void> {
    await this.use((log) => log.add(this.key(address, username), now));
  }

  async succeed(address: string, username: string): Promise<void> {
    await this.use((log) => log.clear(this.key(address, username)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
