import { Inject, Injectable } from '@nestjs/common';
import {
  askPeer,
  peerError,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import type { CatalogSchema } from './schema-check';

/** The catalog version a registration names, as the caller may see it. */
export interface CatalogVersion {
  id: number;
  input_schema: CatalogSchema;
  output_schema: CatalogSchema;
}

/** What the catalog said of a name and version: the version, unknown to it, or no answer. */
export type CatalogLookup =
  | { found: true; version: CatalogVersion }
  | { found: false; reason: 'unknown' | 'unreachable'; message: string };

/** What registration tells the catalog of a run (its RecordExecutionDto). */
export interface ExecutionReport {
  simulation_id: number;
  execution_id: string;
  squid_id: string;
  status: string;
  duration_seconds: number | null;
  completed_at: string | null;
  run_db_path: string | null;
}

const TIMEOUT_MS = 3000;

/**
 * The results service's calls to the catalog (a separate app, perhaps another host:
 * SIMVAULT_CATALOG_URL). Each call carries the registering caller's own token, which every app
 * accepts: the catalog answers what that caller may see (a private simulation stays private) and
 * records the execution as theirs, with their privileges. A catalog that is down never fails a
 * registration: the answer says the check could not be made.
 */
@Injectable()
export class CatalogLink {
  private readonly url: string;

  constructor(
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {
    this.url = config.catalogUrl;
  }

  async version(name: string, version: string, token: string): Promise<CatalogLookup> {
    const path = `/simulations/${encodeURIComponent(name)}?version=${encodeURIComponent(version)}`;
    const answer = await askPeer<CatalogVersion>(this.logger, 'catalog lookup', this.url + path, {
      token,
      timeoutMs: TIMEOUT_MS,
    });
    if (answer.status === 404) {
      return {
        found: false,
        reason: 'unknown',
        message: `The catalog does not know ${name} ${version} (or this session may not see it): the values were not checked.`,
      };
    }
    if (answer.status === 401 || answer.status === 403) {
      return {
        found: false,
        reason: 'unreachable',
        message: `The catalog refused this session (${peerError(answer)}): the values were not checked against its schema.`,
      };
    }
    const body = answer.status === 200 ? answer.body : null;
    if (!body) {
      return {
        found: false,
        reason: 'unreachable',
        message: 'The catalog did not answer: the values were not checked against its schema.',
      };
    }
    return {
      found: true,
      version: {
        id: body.id,
        input_schema: body.input_schema ?? {},
        output_schema: body.output_schema ?? {},
      },
    };
  }

  /** Records the run as an execution of the version (idempotent on execution_id); answers a warning or null. */
  async record(report: ExecutionReport, token: string): Promise<string | null> {
    const answer = await askPeer(this.logger, 'catalog execution record', `${this.url}/executions`, {
      token,
      method: 'POST',
      json: report,
      timeoutMs: TIMEOUT_MS,
    });
    if (answer.status === null) return 'The catalog did not answer: the execution was not recorded there.';
    if (answer.status >= 200 && answer.status < 300) return null;
    return `The catalog did not record the execution: ${peerError(answer)}`;
  }
}
