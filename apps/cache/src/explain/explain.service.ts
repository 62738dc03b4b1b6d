import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, CLOCK, parseJson, type Clock } from '@simvault/core';
import type { CacheEntryEntity } from '@simvault/entities';
import { CacheRepository } from '../cache/cache.repository';
import type { ExplainQuery, ExplainResponse, InputDifference, NearestEntry } from './explain.dto';
import { ResultsLink } from './results-link';

/** Candidates read per version class before ranking: bounded, whatever the cache holds. */
const CANDIDATES = 50;

/**
 * Why a lookup missed (redun's explain_cache_miss): what the key's entry is now (expired when,
 * invalidated by whom and why, from the invalidation log), and the live entries of the same
 * simulation nearest to the inputs asked about, with exactly which inputs differ. The inputs of an
 * entry are those of the registered run it points to (the results service), read in one search.
 * Reads only: two indexed queries for candidates, one for the invalidation, one call to results.
 */
@Injectable()
export class ExplainService {
  constructor(
    private readonly repository: CacheRepository,
    private readonly results: ResultsLink,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async explain(query: ExplainQuery, token: string | undefined): Promise<ExplainResponse> {
    const inputs = query.inputs === undefined ? undefined : parseInputs(query.inputs);
    if (
      query.key === undefined &&
      (query.simulation === undefined || query.version === undefined || !inputs)
    ) {
      throw badRequest('Give key, or simulation, version and inputs (a JSON object), or both.');
    }
    const now = this.clock.now();
    const notes: string[] = [];
    const answer: ExplainResponse = {
      verdict: 'absent',
      key: query.key ?? null,
      simulation: query.simulation ?? null,
      version: query.version ?? null,
      nearest: [],
      notes,
    };
    let entry: CacheEntryEntity | null = null;
    if (query.key !== undefined) {
      entry = await this.repository.find(query.key);
      if (!entry)
        notes.push(`No entry has the key "${query.key}": it was never stored, or was deleted or purged.`);
      else {
        answer.simulation ??= entry.simulationName;
        answer.version ??= entry.simulationVersion;
        if (entry.status === 'invalidated') {
          answer.verdict = 'invalidated';
          answer.invalidation = await this.invalidationOf(entry);
        } else if (entry.status === 'expired' || (entry.expiresAt !== null && entry.expiresAt <= now)) {
          answer.verdict = 'expired';
          answer.expired_at = (entry.expiresAt ?? entry.endedAt)?.toISOString() ?? null;
        } else answer.verdict = 'hit';
      }
    }
    if (answer.simulation === null || answer.version === null) return answer;
    if (!inputs) {
      if (answer.verdict !== 'hit')
        notes.push('Give inputs to see the nearest valid entries and which inputs differ.');
      return answer;
    }
    const limit = query.limit ?? 5;
    const same = await this.repository.liveOf(answer.simulation, answer.version, true, now, CANDIDATES);
    const others =
      same.length >= limit
        ? []
        : await this.repository.liveOf(answer.simulation, answer.version, false, now, CANDIDATES);
    const candidates = [...same, ...others].filter((e) => e.cacheKey !== query.key);
    if (candidates.length === 0) {
      notes.push(`No valid entry of ${answer.simulation} is in the cache.`);
      return answer;
    }
    const known =
      token === undefined
        ? null
        : await this.results.inputsOf(
            candidates.map((e) => e.executionId),
            token,
          );
    if (known === null)
      notes.push('The results service did not answer: the inputs of the entries are not known.');
    answer.nearest = candidates
      .map((e) => nearest(e, answer.version!, inputs, known?.get(e.executionId)))
      .sort(
        (a, b) =>
          Number(a.version_differs) - Number(b.version_differs) ||
          Number(b.inputs_known) - Number(a.inputs_known) ||
          a.differing_inputs.length - b.differing_inputs.length,
      )
      .slice(0, limit);
    if (same.length === 0)
      notes.push(`No valid entry of version ${answer.version}: the nearest are of other versions.`);
    return answer;
  }

  /** The invalidation that ended the entry: the log row written in the same statement, at the same instant. */
  private async invalidationOf(entry: CacheEntryEntity) {
    if (!entry.endedAt) return null;
    const row = await this.repository.db.one(
      'SELECT id, created_at, username, filter, reason FROM cache_invalidations WHERE created_at = ? ORDER BY id DESC LIMIT 1',
      [this.repository.dialect.date(entry.endedAt)],
    );
    if (!row) return null;
    return {
      id: Number(row.id),
      at: this.repository.dialect.readDate(row.created_at)!.toISOString(),
      by: row.username as string,
      reason: (row.reason as string | null) ?? null,
      filter: parseJson(String(row.filter)),
    };
  }
}

function parseInputs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    throw badRequest('inputs must be a JSON object, such as {"temperature": 350}.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('inputs must be a JSON object, such as {"temperature": 350}.');
  }
  return value as Record<string, unknown>;
}

function nearest(
  entry: CacheEntryEntity,
  version: string,
  given: Record<string, unknown>,
  theirs: Record<string, unknown> | undefined,
): NearestEntry {
  const differing: InputDifference[] = [];
  if (theirs) {
    for (const name of [...new Set([...Object.keys(given), ...Object.keys(theirs)])].sort()) {
      const a = Object.hasOwn(given, name) ? given[name] : undefined;
      const b = Object.hasOwn(theirs, name) ? theirs[name] : undefined;
      if (!isDeepStrictEqual(a, b)) differing.push({ name, given: a ?? null, entry: b ?? null });
    }
  }
  return {
    cache_key: entry.cacheKey,
    execution_id: entry.executionId,
    simulation_version: entry.simulationVersion,
    version_differs: entry.simulationVersion !== version,
    inputs_known: theirs !== undefined,
    differing_inputs: differing,
  };
}
