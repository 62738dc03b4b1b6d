import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { parseJson } from '@simvault/core';
import type { CacheEntryEntity, CacheStatus } from '@simvault/entities';

/** Where the platform serves a run: a route of one of its services (each on its own port). */
export class RunLink {
  @ApiProperty({ enum: ['results', 'files'] }) service: 'results' | 'files';
  @ApiProperty() path: string;
}

export class RunLinks {
  @ApiProperty({ type: RunLink }) result: RunLink;
  @ApiProperty({ type: RunLink }) run_file: RunLink;
  @ApiProperty({ type: RunLink }) artifacts: RunLink;
}

const nullableString = { type: String, nullable: true } as const;

/** An entry on the wire, with sim2l's field names; `status` says `expired` once its time is past. */
export class EntryResponse {
  @ApiProperty() cache_key: string;
  @ApiProperty({ type: Number, nullable: true }) simulation_id: number | null;
  @ApiProperty() simulation_name: string;
  @ApiProperty() simulation_version: string;
  @ApiProperty() execution_id: string;
  @ApiProperty(nullableString) squid_id: string | null;
  @ApiProperty(nullableString) input_hash: string | null;
  @ApiProperty(nullableString) run_db_path: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  metadata: Record<string, unknown> | null;
  @ApiProperty({ enum: ['valid', 'invalidated', 'expired'] }) status: CacheStatus;
  @ApiProperty() created_at: string;
  @ApiProperty(nullableString) expires_at: string | null;
  @ApiProperty(nullableString) last_accessed: string | null;
  @ApiProperty({ ...nullableString, description: "sim2l's name for last_accessed." }) last_accessed_at:
    string | null;
  @ApiProperty() access_count: number;
  @ApiProperty() hit_count: number;
  @ApiProperty() size_bytes: number;
  @ApiProperty({ type: Number, nullable: true }) compute_seconds: number | null;
  @ApiProperty(nullableString) created_by: string | null;
  @ApiProperty({
    type: RunLinks,
    nullable: true,
    description:
      "Where the platform serves the entry's run once it is registered; null without an execution.",
  })
  links: RunLinks | null;
}

/** GET /cache/entries. */
export class EntryListResponse {
  @ApiProperty({ type: [EntryResponse] }) entries: EntryResponse[];
  @ApiProperty({ description: 'How many match, across every page.' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

/** POST /cache. */
export class StoredEntryResponse {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty() cache_key: string;
  @ApiProperty(nullableString) expires_at: string | null;
  @ApiPropertyOptional({ type: [String], description: 'When the catalog does not know simulation_id.' })
  warnings?: string[];
}

/** DELETE /cache/{key}. */
export class EntryDeletedResponse {
  @ApiProperty() deleted_count: number;
  @ApiProperty() cache_key: string;
}

/** DELETE /cache. */
export class EntriesClearedResponse {
  @ApiProperty() deleted: number;
}

export function entryResponse(row: CacheEntryEntity, now: Date): EntryResponse {
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
    last_accessed_at: row.lastAccessed?.toISOString() ?? null,
    access_count: row.accessCount,
    hit_count: row.hitCount,
    size_bytes: row.sizeBytes,
    compute_seconds: row.computeSeconds,
    created_by: row.createdBy,
    links: runLinks(row.executionId),
  };
}

/**
 * Where the platform serves the run an entry names, once it is registered: its result and run file
 * (results service) and its artifacts (files service). sim2l's clients read the fields they know
 * and pass this one by. Null for an entry that names no execution.
 */
export function runLinks(executionId: string | null): RunLinks | null {
  if (!executionId) return null;
  const id = encodeURIComponent(executionId);
  return {
    result: { service: 'results', path: `/results/${id}` },
    run_file: { service: 'results', path: `/results/${id}/run-file` },
    artifacts: { service: 'files', path: `/runs/${id}/files` },
  };
}
