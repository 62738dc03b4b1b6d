import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@simvault/core';
import { CacheCounterEntity } from '@simvault/entities';
import { Like } from 'typeorm';
import { CacheRepository } from '../cache/cache.repository';
import { AccessRecorder, OVERALL, simulationScope } from './access-recorder.service';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function rates(requests: number, hits: number) {
  const hitRate = requests > 0 ? hits / requests : 0;
  return { hit_rate: round(hitRate, 4), hit_rate_percent: round(hitRate * 100, 2) };
}

/**
 * The statistics in the union of sim2l's shapes (both its backends' field names), plus what we
 * add: entries by status and the compute time hits have saved.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly repository: CacheRepository,
    private readonly recorder: AccessRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async stats(simulationId?: number) {
    await this.recorder.flush();
    const now = this.clock.now();
    const counters = this.repository.dataSource.getRepository(CacheCounterEntity);
    const scope = simulationId === undefined ? OVERALL : simulationScope(simulationId);
    const counter = (await counters.findOneBy({ scope })) ?? {
      requests: 0,
      hits: 0,
      misses: 0,
      savedSeconds: 0,
    };

    const { sql, params } = this.repository.where({ simulationId }, now);
    const byStatus = await this.repository.entries
      .createQueryBuilder('e')
      .select(
        "CASE WHEN e.status = 'valid' AND e.expires_at IS NOT NULL AND e.expires_at <= :now THEN 'expired' ELSE e.status END",
        'status',
      )
      .addSelect('COUNT(*)', 'count')
      .addSelect('COALESCE(SUM(e.size_bytes), 0)', 'size')
      .where(sql, params)
      .groupBy('1')
      .getRawMany<{ status: string; count: string | number; size: string | number }>();
    const entries = { valid: 0, invalidated: 0, expired: 0 };
    let validSize = 0;
    for (const row of byStatus) {
      entries[row.status as keyof typeof entries] = Number(row.count);
      if (row.status === 'valid') validSize = Number(row.size);
    }
    const total = entries.valid + entries.invalidated + entries.expired;

    const body = {
      total_entries: total,
      valid_entries: entries.valid,
      invalidated_entries: entries.invalidated,
      expired_entries: entries.expired,
      total_requests: counter.requests,
      total_accesses: counter.requests,
      total_hits: counter.hits,
      cache_hits: counter.hits,
      total_misses: counter.misses,
      cache_misses: counter.misses,
      ...rates(counter.requests, counter.hits),
      total_size_bytes: validSize,
      total_size_mb: round(validSize / (1024 * 1024), 3),
      time_saved_seconds: round(counter.savedSeconds, 3),
    };
    if (simulationId !== undefined) return { simulation_id: simulationId, ...body };
    const perSimulation = await counters.find({
      where: { scope: Like('sim:%') },
      order: { requests: 'DESC' },
      take: 100,
    });
    return {
      ...body,
      by_simulation: perSimulation.map((c) => ({
        simulation_id: Number(c.scope.slice(4)),
        total_requests: c.requests,
        total_hits: c.hits,
        total_misses: c.misses,
        ...rates(c.requests, c.hits),
        time_saved_seconds: round(c.savedSeconds, 3),
      })),
    };
  }
}
