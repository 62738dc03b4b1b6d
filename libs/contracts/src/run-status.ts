/**
 * How a run's free-form status (sim2l's, a tool's, a person's) reads: a success, a failure or
 * something else (running, cached, …). The catalog files executions by it; the results service
 * leaves failed runs out of its statistics by it.
 */
export type RunOutcome = 'success' | 'failed' | 'other';

export const SUCCESS_STATUSES: readonly string[] = [
  'success',
  'successful',
  'succeeded',
  'completed',
  'complete',
  'done',
  'ok',
  'finished',
];

export const FAILURE_STATUSES: readonly string[] = [
  'failed',
  'failure',
  'error',
  'errored',
  'crashed',
  'timeout',
  'timed_out',
  'cancelled',
  'canceled',
  'aborted',
];

const SUCCESS = new Set(SUCCESS_STATUSES);
const FAILURE = new Set(FAILURE_STATUSES);

export function outcomeOf(status: string): RunOutcome {
  const s = status.trim().toLowerCase();
  return SUCCESS.has(s) ? 'success' : FAILURE.has(s) ? 'failed' : 'other';
}
