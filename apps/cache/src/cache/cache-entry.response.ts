import { parseJson } from '@simvault/core';
import type { CacheEntryEntity } from '@simvault/entities';

/** An entry on the wire, with sim2l's field names; `status` says `expired` once its time is past. */
export function entryResponse(row: CacheEntryEntity, now: Date) {
  const expired =
    row.status === 'valid' && row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime();
  return {
    cache_key: row.cacheKey,
    simulation_id: row.simulationId,
    simulation_name: row.simulationName,
    simulation_version: row.simulationVersion,
    execution_id: row.executionId,
    squid_id: row.squidId,
    input_hash: row.inputHash,
    run_db_path: row.runDbPath,
    metadata: row.metadata === null ? null : (parseJson(row.metadata) as Record<string, unknown>),
    status: expired ? 'expired' : row.status,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_accessed: row.lastAccessed?.toISOString() ?? null,
    /** sim2l's name for the same instant. */
    last_accessed_at: row.lastAccessed?.toISOString() ?? null,
    access_count: row.accessCount,
    hit_count: row.hitCount,
    size_bytes: row.sizeBytes,
    compute_seconds: row.computeSeconds,
    created_by: row.createdBy,
    links: runLinks(row.executionId),
  };
}

/** Where the platform serves a run: a route of one of its services (each on its own port). */
export interface RunLink {
  service: 'results' | 'files';
  path: string;
}

/**
 * Where the platform serves the run an entry names, once it is registered: its result and run file
 * (results service) and its artifacts (files service). sim2l's clients read the fields they know
 * and pass this one by. Null for an entry that names no execution.
 */
export function runLinks(
  executionId: string | null,
): { result: RunLink; run_file: RunLink; artifacts: RunLink } | null {
  if (!executionId) return null;
  const id = encodeURIComponent(executionId);
  return {
    result: { service: 'results', path: `/results/${id}` },
    run_file: { service: 'results', path: `/results/${id}/run-file` },
    artifacts: { service: 'files', path: `/runs/${id}/files` },
  };
}

export type EntryResponse = ReturnType<typeof entryResponse>;
