import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import { LatestQuery, LatestValue } from './latest.dto';
import { ResultsService } from './results.service';

@ApiTags('results')
@Controller('latest')
export class LatestController {
  constructor(private readonly results: ResultsService) {}

  @Get(':simulation')
  @Privileges('read')
  @ApiOkResponse({
    type: LatestValue,
    description:
      'With ?param=: that value of the latest result; without: the whole result, as GET /results/{id}.',
  })
  @ApiOperation({
    summary:
      "LUTE's latest valid entry: the newest valid result of a simulation that did not fail (?version= for one version's), or with ?param=&class= only its value of that parameter. 404 with a sentence when there is none.",
  })
  latest(@Param('simulation') simulation: string, @Query() query: LatestQuery) {
    return this.results.latest(simulation, query);
  }
}
