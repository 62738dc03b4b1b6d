import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@simvault/core';
import { CacheCounterEntity } from '@simvault/entities';
import { Between, Like } from 'typeorm';
import { CacheRepository } from '../cache/cache.repository';
import { AccessRecorder, hourScope, OVERALL, simulationScope } from './access-recorder.service';
import type { CacheStatsResponse, StatsHistoryResponse } from './stats.dto';

const HOUR_MS = 3600_000;

/** Rows one statistics statement reads at most. */

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

  /**
   * The last `hours` hourly buckets (UTC), oldest first, the current hour included: requests,
   * hits, misses, hit rate and compute time saved in each; an hour without lookups counts zero.
   */
  async history(hours: number): Promise<StatsHistoryResponse> {
    await this.recorder.flush();
    const now = this.clock.now();
    const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    const starts = Array.from({ length: hours }, (_, i) => new Date(current - (hours - 1 - i) * HOUR_MS));
    const rows = await this.repository.dataSource.getRepository(CacheCounterEntity).findBy({
      scope: Between(hourScope(starts[0]), hourScope(starts[starts.length - 1])),
    });
    const byScope = new Map(rows.map((r) => [r.scope, r]));
    return {
      bucket_seconds: 3600,
      buckets: starts.map((start) => {
        const c = byScope.get(hourScope(start));
        const requests = Number(c?.requests ?? 0);
        const hits = Number(c?.hits ?? 0);
        return {
          start: start.toISOString(),
          requests,
          hits,
          misses: Number(c?.misses ?? 0),
          hit_rate: rates(requests, hits).hit_rate,
          time_saved_seconds: round(Number(c?.savedSeconds ?? 0), 3),
        };
      }),
    };
  }

  async stats(simulationId?: number): Promise<CacheStatsResponse> {
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

    const entries = { valid: 0, invalidated: 0, expired: 0 };
    let validSize = 0;
    // In bounded batches by primary key, never one statement over every row (CacheRepository.scan).
    await this.repository.scan<{
      cache_key: string;
      status: string;
      expires_at: unknown;
      size_bytes: unknown;
    }>(
      'status, expires_at, size_bytes',
      simulationId === undefined ? '' : 'simulation_id = ?',
      simulationId === undefined ? [] : [simulationId],
      (rows) => {
        for (const row of rows) {
          const expiresAt = this.repository.dialect.readDate(row.expires_at);
          const status =
            row.status === 'valid' && expiresAt !== null && expiresAt.getTime() <= now.getTime()
              ? 'expired'
              : (row.status as keyof typeof entries);
          entries[status]++;
          if (status === 'valid') validSize += Number(row.size_bytes ?? 0);
        }
      },
    );
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
