import { transaction } from '@simvault/db';
import { Inject, Injectable } from '@nestjs/common';
import { AuditLog, type Principal } from '@simvault/auth';
import { badRequest, CLOCK, forbidden, type Clock, type Page, type PageQueryDto } from '@simvault/core';
import { CacheEntryEntity, CacheInvalidationEntity } from '@simvault/entities';
import { CacheRepository, type EntryFilter } from '../cache/cache.repository';
import { EntryReadCache } from '../cache/entry-read-cache';
import type { InvalidateDto, InvalidatedResponse, InvalidationResponse } from './invalidation.dto';

/**
 * True for a key pattern that matches every key (keys have at least one character): only `%`
 * and at most one `_`. Such a filter is "everything", which is admin's, like `all: true`.
 */
export function matchesEveryKey(pattern: string): boolean {
  return /^%*(_%*)?$/.test(pattern);
}

/** Soft withdrawal of results (status `invalidated`), always written to the invalidation log. */
@Injectable()
export class InvalidationService {
  constructor(
    private readonly repository: CacheRepository,
    private readonly readCache: EntryReadCache,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async invalidate(dto: InvalidateDto, caller: Principal): Promise<InvalidatedResponse> {
    const filter: EntryFilter = {
      simulationId: dto.simulation_id,
      simulationName: dto.simulation_name,
      simulationVersion: dto.simulation_version,
      pattern: dto.pattern,
    };
    const named = Object.values(filter).some((v) => v !== undefined);
    if (!named && !dto.all) {
      throw badRequest(
        'Say what to invalidate: simulation_id, simulation_name, simulation_version or pattern (or all: true, admin only).',
      );
    }
    if (named && dto.all) throw badRequest('Send either filters or all: true, not both.');
    const everything =
      dto.all === true ||
      (dto.pattern !== undefined &&
        matchesEveryKey(dto.pattern) &&
        filter.simulationId === undefined &&
        filter.simulationName === undefined &&
        filter.simulationVersion === undefined);
    if (everything && !caller.privileges.includes('admin')) {
      throw forbidden(
        'Invalidating every entry needs the admin privilege, which this session does not have.',
      );
    }
    const now = this.clock.now();
    const recorded = Object.fromEntries(
      Object.entries({ ...dto, reason: undefined }).filter(([, v]) => v !== undefined),
    );
    const result = await transaction(this.repository.dataSource, async (manager) => {
      const { sql, params } = this.repository.where({ ...filter, status: 'valid' }, now, '');
      const result = await manager
        .createQueryBuilder()
        .update(CacheEntryEntity)
        .set({ status: 'invalidated', endedAt: now })
        .where(sql, params)
        .execute();
      const count = result.affected ?? 0;
      const log = await manager.insert(CacheInvalidationEntity, {
        createdAt: now,
        username: caller.username,
        filter: JSON.stringify(recorded),
        reason: dto.reason ?? null,
        invalidatedCount: count,
      });
      return { invalidated_count: count, invalidation_id: Number(log.identifiers[0].id) };
    });
    if (result.invalidated_count > 0) {
      await this.readCache.changedMany();
      await this.audit.record({
        caller,
        service: 'cache',
        action: 'cache.invalidate',
        target: JSON.stringify(recorded),
        reason: dto.reason ?? null,
        at: now,
      });
    }
    return result;
  }

  async list(query: PageQueryDto): Promise<Page<InvalidationResponse>> {
    const [rows, total] = await this.repository.dataSource
      .getRepository(CacheInvalidationEntity)
      .findAndCount({
        order: { createdAt: 'DESC', id: 'DESC' },
        take: query.limit,
        skip: query.offset,
      });
    return {
      items: rows.map((r) => ({
        id: r.id,
        created_at: r.createdAt.toISOString(),
        username: r.username,
        filter: JSON.parse(r.filter) as Record<string, unknown>,
        reason: r.reason,
        invalidated_count: r.invalidatedCount,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
