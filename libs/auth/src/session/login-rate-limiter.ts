import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';

const WINDOW_MS = 60_000;
const MAX_KEYS = 50_000;

/**
 * Failed logins per (client address, username) in a sliding minute. After the configured number
 * of failures every further attempt is a 429 until the oldest failure leaves the window; a
 * successful login clears the count.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly limit: number;

  constructor(@Inject(SIMVAULT_CONFIG) config: SimvaultConfig) {
    this.limit = config.auth.loginAttemptsPerMinute;
  }

  private key(address: string, username: string) {
    return `${address}\u0000${username.toLowerCase()}`;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Throws 429 when this address has used up its attempts for this username. */
  check(address: string, username: string, now = Date.now()): void {
    const times = this.recent(this.key(address, username), now);
    if (times.length >= this.limit) {
      const retryAfter = Math.max(1, Math.ceil((times[0] + WINDOW_MS - now) / 1000));
      throw new ApiError(
        429,
        `Too many login attempts for this user from your address; try again in ${retryAfter} seconds.`,
        undefined,
        { 'Retry-After': String(retryAfter) },
      );
    }
  }

  fail(address: string, username: string, now = Date.now()): void {
    if (this.failures.size >= MAX_KEYS) this.prune(now);
    const key = this.key(address, username);
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(address: string, username: string): void {
    this.failures.delete(this.key(address, username));
  }

  private prune(now: number) {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    if (this.failures.size >= MAX_KEYS) this.failures.clear();
  }
}
