import { homedir } from 'node:os';
import { join } from 'node:path';

/** An execution id becomes a file name, so it can never hold a path: no `/`, no leading dot. */
export const EXECUTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const EXECUTION_ID_RULE =
  'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 128 characters';

export function isValidExecutionId(id: unknown): id is string {
  return typeof id === 'string' && EXECUTION_ID_PATTERN.test(id);
}

/** Throws a sentence naming the rule when `id` cannot be an execution id. */
export function assertExecutionId(id: unknown): asserts id is string {
  if (!isValidExecutionId(id)) {
    throw new InvalidExecutionIdError(id);
  }
}

export class InvalidExecutionIdError extends Error {
  constructor(readonly id: unknown) {
    super(
      `${JSON.stringify(typeof id === 'string' ? id.slice(0, 200) : id)} is not a valid execution id: use ${EXECUTION_ID_RULE}.`,
    );
    this.name = 'InvalidExecutionIdError';
  }
}

/** Where run databases live unless told otherwise: `~/.simvault/runs`. */
export function defaultRunsDir(): string {
  return join(homedir(), '.simvault', 'runs');
}

/** The file of an execution id in a runs directory: `<dir>/<execution_id>.db`. */
export function runFilePath(executionId: string, dir: string = defaultRunsDir()): string {
  assertExecutionId(executionId);
  return join(dir, `${executionId}.db`);
}
