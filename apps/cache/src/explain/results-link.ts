import { Inject, Injectable } from '@nestjs/common';
import { askPeer, SIMVAULT_CONFIG, SIMVAULT_LOGGER, type Logger, type SimvaultConfig } from '@simvault/core';

const TIMEOUT_MS = 5000;
/** What an execution id may hold (the run-db rule), so it can go into a filter string as it is. */
const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The cache's one question to the results service (SIMVAULT_RESULTS_URL): the inputs of the
 * registered runs behind some entries, in one search (`execution_id in (…)`), asked with the
 * caller's own token so it reads what the caller may read.
 */
@Injectable()
export class ResultsLink {
  private readonly url: string;

  constructor(
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {
    this.url = config.resultsUrl;
  }

  /** Execution id → its inputs, for those registered; null when the results service did not answer. */
  async inputsOf(
    executionIds: string[],
    token: string,
  ): Promise<Map<string, Record<string, unknown>> | null> {
    const ids = [...new Set(executionIds.filter((id) => PLAIN_ID.test(id)))];
    const found = new Map<string, Record<string, unknown>>();
    if (ids.length === 0) return found;
    const answer = await askPeer<{
      results?: { execution_id: string; input_params: Record<string, unknown> }[];
    }>(this.logger, 'results lookup', `${this.url}/search`, {
      token,
      method: 'POST',
      json: {
        filter: `execution_id in (${ids.map((id) => `'${id}'`).join(', ')})`,
        include_invalid: true,
        limit: ids.length,
      },
      timeoutMs: TIMEOUT_MS,
    });
    if (answer.status !== 200) return null;
    for (const r of answer.body?.results ?? []) found.set(r.execution_id, r.input_params ?? {});
    return found;
  }
}
