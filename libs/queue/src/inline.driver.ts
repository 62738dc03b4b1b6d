import { randomUUID } from 'node:crypto';
import type { Logger } from '@simvault/core';
import { jobOwner, type JobProcessor, type JobStatus, type QueueDriver } from './queue.types';

const KEEP_FINISHED = 1000;

/** Runs jobs in this process, one at a time per queue, in the order they were added. */
export class InlineQueueDriver implements QueueDriver {
  readonly kind = 'inline' as const;
  private readonly processors = new Map<string, JobProcessor>();
  private readonly jobs = new Map<string, JobStatus & { data: unknown }>();
  private readonly chains = new Map<string, Promise<void>>();
  /** Jobs of queues that have no processor yet. */
  private readonly unprocessed = new Map<string, string[]>();
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly logger: Logger) {}

  process(queue: string, processor: JobProcessor): void {
    this.processors.set(queue, processor);
    // Jobs added before anyone processed this queue waited for this moment, as they would in Redis.
    const waiting = this.unprocessed.get(queue) ?? [];
    this.unprocessed.delete(queue);
    for (const id of waiting) this.enqueue(queue, id);
  }

  async add(queue: string, name: string, data: unknown): Promise<string> {
    const id = randomUUID();
    const job = { id, queue, name, state: 'waiting' as const, progress: 0, data, ownerId: jobOwner(data) };
    this.jobs.set(id, job);
    this.trim();
    if (this.processors.has(queue)) this.enqueue(queue, id);
    else this.unprocessed.set(queue, [...(this.unprocessed.get(queue) ?? []), id]);
    return id;
  }

  private enqueue(queue: string, id: string) {
    const previous = this.chains.get(queue) ?? Promise.resolve();
    this.chains.set(
      queue,
      previous.then(() => this.run(id)),
    );
  }

  async repeat(queue: string, name: string, everyMs: number): Promise<void> {
    let running = false;
    const timer = setInterval(() => {
      // A tick that finds the previous one still running is skipped, as a BullMQ scheduler would.
      if (running || this.closed) return;
      running = true;
      void this.add(queue, name, {})
        .then((id) => this.wait(id))
        .finally(() => (running = false));
    }, everyMs);
    timer.unref();
    this.timers.push(timer);
  }

  async status(_queue: string, id: string): Promise<JobStatus | null> {
    const job = this.jobs.get(id);
    if (!job) return null;
    const { data: _data, ...status } = job;
    return status;
  }

  /** Resolves when the job has finished (completed or failed). */
  async wait(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job) await this.chains.get(job.queue);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach(clearInterval);
    await Promise.allSettled([...this.chains.values()]);
  }

  private async run(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job || this.closed) return;
    const processor = this.processors.get(job.queue)!;
    job.state = 'active';
    try {
      job.result = await processor(job.data, {
        id,
        updateProgress: async (progress) => {
          job.progress = progress;
        },
      });
      job.state = 'completed';
      job.progress = typeof job.progress === 'number' ? 100 : job.progress;
    } catch (error) {
      job.state = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      this.logger.error({ queue: job.queue, job: job.name, err: job.error }, 'job failed');
    }
  }

  private trim() {
    if (this.jobs.size <= KEEP_FINISHED * 2) return;
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEEP_FINISHED) break;
      if (job.state === 'completed' || job.state === 'failed') this.jobs.delete(id);
    }
  }
}
