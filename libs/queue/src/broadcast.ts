import { EventEmitter } from 'node:events';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { SIMVAULT_CONFIG, SIMVAULT_LOGGER, type Logger, type SimvaultConfig } from '@simvault/core';
import Redis from 'ioredis';

type Handler = (message: string) => void;

/**
 * Fire-and-forget messages to every replica of an app: Redis pub/sub when SIMVAULT_REDIS_URL is
 * set, an in-process emitter otherwise (one process is every replica). Used to drop in-memory
 * read caches everywhere at once.
 */
/** Without Redis, every app of the process hears every message (one process is every replica). */
const processWide = new EventEmitter();
processWide.setMaxListeners(0);

@Injectable()
export class BroadcastService implements OnApplicationShutdown {
  private readonly local = new EventEmitter();
  private readonly subscriptions: [string, Handler][] = [];
  private publisher?: Redis;
  private subscriber?: Redis;

  constructor(
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  private redis(): { publisher: Redis; subscriber: Redis } | undefined {
    if (!this.config.redisUrl) return undefined;
    if (!this.publisher || !this.subscriber) {
      this.publisher = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 3 });
      this.subscriber = new Redis(this.config.redisUrl);
      for (const client of [this.publisher, this.subscriber]) {
        client.on('error', (e) => this.logger.warn({ err: e.message }, 'broadcast connection error'));
      }
      this.subscriber.on('message', (channel: string, message: string) => this.local.emit(channel, message));
    }
    return { publisher: this.publisher, subscriber: this.subscriber };
  }

  /** Subscribes; resolves once messages on `channel` will be delivered. */
  async subscribe(channel: string, handler: Handler): Promise<void> {
    const redis = this.redis();
    if (redis) {
      this.local.on(this.scoped(channel), handler);
      await redis.subscriber.subscribe(this.scoped(channel));
    } else {
      processWide.on(channel, handler);
      this.subscriptions.push([channel, handler]);
    }
  }

  /** Delivers to every subscriber, this process included. */
  async publish(channel: string, message: string): Promise<void> {
    const redis = this.redis();
    if (redis) await redis.publisher.publish(this.scoped(channel), message);
    else processWide.emit(channel, message);
  }

  /** Deployments sharing a Redis keep to their own channels. */
  private scoped(channel: string): string {
    return `${this.config.queuePrefix}:${channel}`;
  }

  async onApplicationShutdown() {
    this.local.removeAllListeners();
    for (const [channel, handler] of this.subscriptions) processWide.off(channel, handler);
    await Promise.allSettled([this.publisher?.quit(), this.subscriber?.quit()]);
  }
}

/** Whether a Redis answers at `url` (for `simvault doctor`). Throws with the reason when not. */
export async function pingRedis(url: string, timeoutMs = 3000): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
