import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { badRequest, Privileges, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import { Inject } from '@nestjs/common';
import { StatsHistoryQuery, StatsQuery } from '../cache/dto/cache.dto';
import { CacheStatsResponse, StatsHistoryResponse } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('cache')
@Controller('cache')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
  ) {}

  @Get('stats/history')
  @Privileges('read')
  @ApiOperation({
    summary:
      'The statistics over time: hourly buckets (UTC) of requests, hits, misses, hit rate and time saved, oldest first; ?hours= (default 168).',
  })
  @ApiOkResponse({ type: StatsHistoryResponse })
  history(@Query() query: StatsHistoryQuery): Promise<StatsHistoryResponse> {
    const kept = this.config.cache.statsHistoryHours;
    const hours = query.hours ?? Math.min(168, kept);
    if (hours > kept)
      throw badRequest(
        `hours may be at most ${kept}: the cache keeps that many hourly buckets (SIMVAULT_CACHE_STATS_HISTORY_HOURS).`,
      );
    return this.stats.history(hours);
  }

  @Get('stats')
  @Privileges('read')
  @ApiOperation({
    summary:
      'Hit and miss counts, hit rate, entries by status, size and time saved; overall (with the busiest simulations) or for one simulation_id.',
  })
  @ApiOkResponse({ type: CacheStatsResponse })
  get(@Query() query: StatsQuery): Promise<CacheStatsResponse> {
    return this.stats.stats(query.simulation_id);
  }
}
