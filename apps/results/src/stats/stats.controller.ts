import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import {
  ParameterStatsResponse,
  SchemaQuery,
  SimulationResultsResponse,
  SimulationSchemaResponse,
  StatsQuery,
} from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('statistics')
@Controller()
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('stats/:simulation/:param')
  @Privileges('read')
  @ApiOperation({
    summary:
      "Statistics of one parameter over a simulation's valid runs that did not fail (?class=output|input, ?version=, ?bins=, ?status=completed,failed or all, ?include_invalid=true): sim2l's {param_name, param_type, min_value, max_value, avg_value, count} plus stddev, percentiles and a histogram for numbers, value counts for strings and booleans. An unknown parameter answers {param_name, count: 0}.",
  })
  @ApiOkResponse({ type: ParameterStatsResponse })
  parameter(
    @Param('simulation') simulation: string,
    @Param('param') param: string,
    @Query() query: StatsQuery,
  ): Promise<ParameterStatsResponse> {
    return this.stats.parameter(simulation, param, query);
  }

  @Get('schemas')
  @Privileges('read')
  @ApiOperation({ summary: 'The simulations that have results, with how many results and versions each.' })
  @ApiOkResponse({ type: [SimulationResultsResponse] })
  simulations(): Promise<SimulationResultsResponse[]> {
    return this.stats.simulations();
  }

  @Get('schemas/:simulation')
  @Privileges('read')
  @ApiOperation({
    summary:
      "A simulation's parameters as its runs show them: each with class, the kinds of value it holds, declared type, units and observed range; and its versions with their schema ids and result counts.",
  })
  @ApiOkResponse({ type: SimulationSchemaResponse })
  schema(
    @Param('simulation') simulation: string,
    @Query() query: SchemaQuery,
  ): Promise<SimulationSchemaResponse> {
    return this.stats.schema(simulation, query.include_invalid === true);
  }
}
