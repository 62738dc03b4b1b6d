import { transaction } from '@simvault/db';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  ApiError,
  badRequest,
  CLOCK,
  notFound,
  SIMVAULT_LOGGER,
  type Clock,
  type Logger,
  stringifyJson,
} from '@simvault/core';
import { AuditLog, checkMayChange, ownerIdOf, OwnerBackfill, type Principal } from '@simvault/auth';
import { CacheEntryEntity, CacheInvalidationEntity } from '@simvault/entities';
import { ExpiryService } from '../expiry/expiry.service';
import { AccessRecorder } from '../stats/access-recorder.service';
import { RESERVED_KEYS } from '../tokens';
import {
  entryResponse,
  type EntriesClearedResponse,
  type EntryDeletedResponse,
  type EntryListResponse,
  type EntryResponse,
  type StoredEntryResponse,
} from './cache-entry.response';
import { CacheRepository } from './cache.repository';
import { CatalogIds } from './catalog-ids';
import { EntryReadCache } from './entry-read-cache';
import type { ListEntriesQuery, StoreEntryDto } from './dto/cache.dto';

/** Why a lookup found nothing usable, so a client can tell a cold cache from a withdrawn result. */
export type MissReason = 'absent' | 'expired' | 'invalidated';

@Injectable()
export class CacheService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: CacheRepository,
    private readonly recorder: AccessRecorder,
    private readonly expiry: ExpiryService,
    private readonly readCache: EntryReadCache,
    private readonly audit: AuditLog,
    private readonly owners: OwnerBackfill,
    private readonly catalogIds: CatalogIds,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  /** Entries stored before owners were kept by id get theirs (see OwnerBackfill). */
  async onApplicationBootstrap() {
    await this.owners.run(this.repository.dataSource, 'cache_entries', 'created_by', 'created_at');
  }

  /**
   * A hit answers where the result lives; hit or miss, it is counted in memory and written behind.
   * The hot path of the service: no exception on a miss, no database write, usually no read.
   */
  async lookup(key: string): Promise<{ hit: EntryResponse } | { miss: MissReason }> {
    const now = this.clock.now();
    let entry = this.readCache.get(key);
    if (entry === undefined) {
      const generation = this.readCache.generation();
      entry = await this.repository.find(key);
      this.readCache.remember(key, entry, generation);
    }
    let reason: MissReason = 'absent';
    if (entry) {
      if (
        entry.status === 'valid' &&
        (entry.expiresAt === null || entry.expiresAt.getTime() > now.getTime())
      ) {
        this.recorder.hit(entry, now);
        return { hit: entryResponse(entry, now) };
      }
      reason = entry.status === 'invalidated' ? 'invalidated' : 'expired';
    }
    this.recorder.miss(entry, now);
    return { miss: reason };
  }

  async store(dto: StoreEntryDto, caller: Principal, token?: string): Promise<StoredEntryResponse> {
    if (RESERVED_KEYS.includes(dto.cache_key)) {
      throw badRequest(`"${dto.cache_key}" cannot be a cache key: GET /cache/${dto.cache_key} is a route.`);
    }
    if (/\p{Cc}/u.test(dto.cache_key)) throw badRequest('cache_key must not contain control characters.');
    const unknown = await this.catalogIds.problem(dto.simulation_id, token);
    if (unknown?.kind === 'unknown' && this.catalogIds.mode === 'refuse') {
      throw new ApiError(
        422,
        `${unknown.message} Register it in the catalog first, or name no simulation_id.`,
      );
    }
    const now = this.clock.now();
    const ttlSeconds = dto.ttl_seconds ?? (dto.ttl_hours != null ? dto.ttl_hours * 3600 : null);
    // sim2l stores "no TTL" for a missing, null or zero TTL; so do we.
    const expiresAt = ttlSeconds ? new Date(now.getTime() + ttlSeconds * 1000) : null;
    // Replacing an entry someone else stored changes their work: cache_invalidate, and audited.
    // The owner is checked in the transaction of the write (CacheRepository.store).
    const what = `Cache entry "${dto.cache_key}"`;
    const { auditId } = await this.repository.store(
      Object.assign(new CacheEntryEntity(), {
        cacheKey: dto.cache_key,
        simulationId: dto.simulation_id ?? null,
        simulationName: dto.simulation_name,
        simulationVersion: dto.simulation_version,
        executionId: dto.execution_id,
        squidId: dto.squid_id ?? null,
        inputHash: dto.input_hash ?? null,
        runDbPath: dto.run_db_path ?? null,
        status: 'valid',
        metadata: dto.metadata == null ? null : stringifyJson(dto.metadata),
        sizeBytes: dto.size_bytes ?? 0,
        computeSeconds: dto.compute_seconds ?? null,
        accessCount: 0,
        hitCount: 0,
        createdAt: now,
        expiresAt,
        // Starts the LRU clock, so eviction orders by one indexed column.
        lastAccessed: now,
        endedAt: null,
        createdBy: caller.username,
        ownerId: ownerIdOf(caller),
      }),
      (priorOwnerId) =>
        checkMayChange(caller, priorOwnerId, 'cache_invalidate', what).othersWork
          ? {
              caller,
              service: 'cache',
              action: 'cache.replace',
              target: dto.cache_key,
              targetOwnerId: priorOwnerId,
              at: now,
            }
          : undefined,
    );
    // The act is in the outbox, committed with the entry; moving it to the audit log can wait
    // for the sweep (forwardLeftovers) when the auth database does not answer now.
    if (auditId !== undefined)
      await this.audit
        .forward(this.repository.db, [auditId])
        .catch((error: unknown) =>
          this.logger.warn({ err: error, auditId }, 'audit act left in the outbox for the sweep'),
        );
    await this.readCache.changed(dto.cache_key);
    this.expiry.afterStore();
    return {
      success: true,
      cache_key: dto.cache_key,
      expires_at: expiresAt?.toISOString() ?? null,
      ...(unknown ? { warnings: [unknown.message] } : {}),
    };
  }

  async remove(key: string, caller: Principal): Promise<EntryDeletedResponse> {
    const prior = await this.repository.find(key);
    const deleted = await this.repository.remove(key);
    if (!deleted) throw notFound(`No cache entry with key "${key}".`);
    await this.readCache.changed(key);
    if (prior && prior.ownerId !== ownerIdOf(caller)) {
      await this.audit.record({
        caller,
        service: 'cache',
        action: 'cache.delete',
        target: key,
        targetOwnerId: prior.ownerId,
        at: this.clock.now(),
      });
    }
    return { deleted_count: deleted, cache_key: key };
  }

  /** Deletes every entry (admin); written to the invalidation log like any bulk withdrawal. */
  async clear(caller: Principal): Promise<EntriesClearedResponse> {
    const result = await transaction(this.repository.dataSource, async (manager) => {
      const result = await manager.createQueryBuilder().delete().from(CacheEntryEntity).execute();
      const deleted = result.affected ?? 0;
      await manager.insert(CacheInvalidationEntity, {
        createdAt: this.clock.now(),
        username: caller.username,
        filter: JSON.stringify({ delete_all: true }),
        reason: 'DELETE /cache',
        invalidatedCount: deleted,
      });
      return { deleted };
    });
    await this.readCache.changedMany();
    await this.audit.record({
      caller,
      service: 'cache',
      action: 'cache.clear',
      target: JSON.stringify({ delete_all: true }),
      at: this.clock.now(),
    });
    return result;
  }

  async list(query: ListEntriesQuery): Promise<EntryListResponse> {
    const now = this.clock.now();
    const { sql, params } = this.repository.where(
      {
        simulationId: query.simulation_id,
        simulationName: query.simulation_name,
        status: query.status,
        executionId: query.execution_id,
      },
      now,
    );
    const [rows, total] = await this.repository.entries
      .createQueryBuilder('e')
      .where(sql, params)
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.cache_key', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return {
      entries: rows.map((r) => entryResponse(r, now)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
