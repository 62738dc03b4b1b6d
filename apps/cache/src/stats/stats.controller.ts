import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import { StatsQuery } from '../cache/dto/cache.dto';
import { StatsService } from './stats.service';

@ApiTags('cache')
@Controller('cache')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('stats')
  @Privileges('read')
  @ApiOperation({
    summary:
      'Hit and miss counts, hit rate, entries by status, size and time saved; overall (with the busiest simulations) or for one simulation_id.',
  })
  get(@Query() query: StatsQuery) {
    return this.stats.stats(query.simulation_id);
  }
}
