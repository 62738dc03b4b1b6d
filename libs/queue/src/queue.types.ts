export const JOB_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed', 'unknown'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobContext {
  id: string;
  /** 0–100, or any JSON value the processor wants callers to see. */
  updateProgress(progress: number | object): Promise<void>;
}

export type JobProcessor<T = unknown, R = unknown> = (data: T, job: JobContext) => Promise<R>;

export interface JobStatus {
  id: string;
  queue: string;
  name: string;
  state: JobState;
  progress: number | object;
  result?: unknown;
  error?: string;
  /** Whose job it is: the `owner_id` its data names (an owner id), or null. */
  ownerId: string | null;
}

/** The owner a job's data names in `owner_id`: who may see the job (and an admin). */
export function jobOwner(data: unknown): string | null {
  const owner = (data as { owner_id?: unknown } | null)?.owner_id;
  return typeof owner === 'string' ? owner : null;
}

/**
 * Where jobs run. Both drivers take the same processors: BullMQ on Redis when SIMVAULT_REDIS_URL
 * is set (shared by every replica), an in-process runner otherwise (the local default).
 */
export interface QueueDriver {
  readonly kind: 'bullmq' | 'inline';
  process(queue: string, processor: JobProcessor): void;
  add(queue: string, name: string, data: unknown): Promise<string>;
  /** Run `name` on `queue` every `everyMs`; with BullMQ one replica runs each tick. */
  repeat(queue: string, name: string, everyMs: number): Promise<void>;
  status(queue: string, id: string): Promise<JobStatus | null>;
  /** Throws when the backing store (Redis) does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
