import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import { SimulationId } from '../simulations/simulations.controller';
import { CatalogOverviewResponse, SimulationStatsResponse } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('statistics')
@Controller()
@Privileges('read')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('simulations/:id/stats')
  @ApiOperation({
    summary:
      "One simulation's executions: {total_executions, successful, failed, cached, success_rate, avg_duration, min_duration, max_duration}.",
  })
  @ApiOkResponse({ type: SimulationStatsResponse })
  simulation(@Param('id', SimulationId()) id: number): Promise<SimulationStatsResponse> {
    return this.stats.simulation(id);
  }

  @Get('statistics/overview')
  @ApiOperation({
    summary:
      'The whole catalog: {total_simulations, active_simulations, total_executions, successful_executions, cached_executions, …}.',
  })
  @ApiOkResponse({ type: CatalogOverviewResponse })
  overview(): Promise<CatalogOverviewResponse> {
    return this.stats.overview();
  }
}
