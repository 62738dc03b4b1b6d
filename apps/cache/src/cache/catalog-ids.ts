import { Inject, Injectable } from '@nestjs/common';
import {
  askPeer,
  BoundedTtlMap,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Logger,
  type SimvaultConfig,
  type UnknownSimulations,
} from '@simvault/core';

/**
 * What the catalog said of a simulation id: it has it, it has not, it refused this session (a token
 * without catalog_read), or it did not answer.
 */
type IdAnswer = 'known' | 'unknown' | 'refused' | 'unreachable';

const SENTENCES: Record<Exclude<IdAnswer, 'known'>, (id: number) => string> = {
  unknown: (id) => `The catalog knows no simulation with id ${id}.`,
  refused: (id) =>
    `The catalog refused this session (it may not read the catalog): simulation id ${id} was not checked.`,
  unreachable: (id) => `The catalog did not answer: simulation id ${id} was not checked.`,
};

const TIMEOUT_MS = 3000;
/** How long a "known" is reused: stores of one simulation come in bursts, and ids are not reused. */
const REMEMBER_MS = 30_000;
const MAX_REMEMBERED = 10_000;

/**
 * Whether the simulation id a cache entry names is one the catalog knows (SIMVAULT_CATALOG_URL,
 * asked with the caller's own token). A "known" is remembered for 30 s per id, so a burst of stores
 * costs one call to the catalog, not one each; a catalog that does not answer never fails a store.
 * "Unknown" and "no answer" are not remembered: the catalog answers what the caller may see, so one
 * caller's "unknown" (a private simulation) must not refuse another's store, and a catalog that was
 * down a moment ago is asked again.
 */
@Injectable()
export class CatalogIds {
  readonly mode: UnknownSimulations;
  private readonly url: string;
  private readonly answers = new BoundedTtlMap<number, IdAnswer>(REMEMBER_MS, MAX_REMEMBERED);

  constructor(
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {
    this.url = config.catalogUrl;
    this.mode = config.cache.unknownSimulations;
  }

  /** The sentence to answer about `id` (null when the catalog knows it, or when not checking). */
  async problem(
    id: number | null | undefined,
    token: string | undefined,
  ): Promise<{ kind: 'unknown' | 'refused' | 'unreachable'; message: string } | null> {
    if (this.mode === 'off' || id === null || id === undefined || token === undefined) return null;
    let answer = this.answers.get(id);
    if (answer === undefined) {
      answer = await this.ask(id, token);
      if (answer === 'known') this.answers.set(id, answer);
    }
    if (answer === 'known') return null;
    return { kind: answer, message: SENTENCES[answer](id) };
  }

  private async ask(id: number, token: string): Promise<IdAnswer> {
    const { status } = await askPeer(this.logger, 'catalog id check', `${this.url}/simulations/${id}/stats`, {
      token,
      timeoutMs: TIMEOUT_MS,
    });
    if (status !== null && status >= 200 && status < 300) return 'known';
    if (status === 404) return 'unknown';
    if (status === 401 || status === 403) return 'refused';
    return 'unreachable';
  }
}
