import { Job, Queue, Worker } from 'bullmq';
import type { Logger } from '@simvault/core';
import { jobOwner, type JobProcessor, type JobState, type JobStatus, type QueueDriver } from './queue.types';

function connectionOf(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must not give up on a slow reply.
    maxRetriesPerRequest: null,
  };
}

/** BullMQ on Redis: every replica shares the queues; a repeatable job runs once per tick. */
export class BullmqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connection: ReturnType<typeof connectionOf>;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.connection = connectionOf(redisUrl);
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000 },
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  process(queue: string, processor: JobProcessor): void {
    const worker = new Worker(
      queue,
      (job: Job) => processor(job.data, { id: String(job.id), updateProgress: (p) => job.updateProgress(p) }),
      { connection: this.connection, prefix: this.prefix, concurrency: 1 },
    );
    worker.on('failed', (job, error) =>
      this.logger.error({ queue, job: job?.name, err: error.message }, 'job failed'),
    );
    worker.on('error', (error) => this.logger.error({ queue, err: error.message }, 'queue worker error'));
    this.workers.push(worker);
  }

  async add(queue: string, name: string, data: unknown): Promise<string> {
    const job = await this.queue(queue).add(name, data);
    return String(job.id);
  }

  async repeat(queue: string, name: string, everyMs: number): Promise<void> {
    await this.queue(queue).upsertJobScheduler(`${name}-every`, { every: everyMs }, { name, data: {} });
  }

  async status(queue: string, id: string): Promise<JobStatus | null> {
    // State first, then the job: once the state is final, the job read after it is final too.
    const state = (await this.queue(queue).getJobState(id)) as string;
    const job = await Job.fromId(this.queue(queue), id);
    if (!job) return null;
    return {
      id,
      queue,
      name: job.name,
      state: (['waiting', 'active', 'completed', 'failed', 'delayed'].includes(state)
        ? state
        : 'unknown') as JobState,
      progress: job.progress as number | object,
      result: job.returnvalue ?? undefined,
      error: job.failedReason || undefined,
      ownerId: jobOwner(job.data),
    };
  }

  async ping(): Promise<void> {
    const client = (await this.queue('health').client) as unknown as { ping(): Promise<string> };
    await client.ping();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }
}
