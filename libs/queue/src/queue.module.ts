import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import {
  HealthService,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import { BroadcastService } from './broadcast';
import { BullmqQueueDriver } from './bullmq.driver';
import { InlineQueueDriver } from './inline.driver';
import type { JobProcessor, JobStatus, QueueDriver } from './queue.types';

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');

/** What services use: register processors, add jobs, schedule repeats, read job status. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_DRIVER) readonly driver: QueueDriver) {}

  process<T, R>(queue: string, processor: JobProcessor<T, R>): void {
    this.driver.process(queue, processor as JobProcessor);
  }

  add(queue: string, name: string, data: unknown): Promise<string> {
    return this.driver.add(queue, name, data);
  }

  repeat(queue: string, name: string, everyMs: number): Promise<void> {
    return this.driver.repeat(queue, name, everyMs);
  }

  status(queue: string, id: string): Promise<JobStatus | null> {
    return this.driver.status(queue, id);
  }

  onApplicationShutdown() {
    return this.driver.close();
  }
}

const inlineDrivers = new Map<string, { driver: InlineQueueDriver; users: number }>();

/**
 * BullMQ when Redis is configured. Otherwise one in-process driver per prefix, shared by every app
 * of the process (as Redis would be shared), so a job one app adds reaches another app's processor
 * under `simvault up`; it closes when the last app using it does.
 */
export function createQueueDriver(config: SimvaultConfig, logger: Logger, prefix = 'simvault'): QueueDriver {
  if (config.redisUrl) return new BullmqQueueDriver(config.redisUrl, prefix, logger);
  let shared = inlineDrivers.get(prefix);
  if (!shared) {
    shared = { driver: new InlineQueueDriver(logger), users: 0 };
    inlineDrivers.set(prefix, shared);
  }
  shared.users++;
  const entry = shared;
  const { driver } = entry;
  return {
    kind: 'inline',
    process: (queue, processor) => driver.process(queue, processor),
    add: (queue, name, data) => driver.add(queue, name, data),
    repeat: (queue, name, everyMs) => driver.repeat(queue, name, everyMs),
    status: (queue, id) => driver.status(queue, id),
    ping: () => driver.ping(),
    close: async () => {
      if (--entry.users > 0) return;
      inlineDrivers.delete(prefix);
      await driver.close();
    },
  };
}

@Module({})
export class QueueModule {
  /** `prefix` namespaces this app's queues in Redis (default SIMVAULT_QUEUE_PREFIX; tests give each suite its own). */
  static forRoot(options: { prefix?: string } = {}): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      providers: [
        {
          provide: QUEUE_DRIVER,
          useFactory: (config: SimvaultConfig, logger: Logger, health: HealthService) => {
            const driver = createQueueDriver(config, logger, options.prefix ?? config.queuePrefix);
            health.register('queue', async () => {
              await driver.ping();
              return { queues: driver.kind === 'bullmq' ? 'redis' : 'in-process' };
            });
            return driver;
          },
          inject: [SIMVAULT_CONFIG, SIMVAULT_LOGGER, HealthService],
        },
        QueueService,
        BroadcastService,
      ],
      exports: [QueueService, BroadcastService],
    };
  }
}
