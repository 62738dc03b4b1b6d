import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import {
  LogPageResponse,
  LogsQuery,
  MetricListResponse,
  MetricSeriesResponse,
  SeriesQuery,
} from './run-contents.dto';
import { RunContentsService } from './run-contents.service';

/** A result's metric series and logs, from the platform's copy of its run file (read like the result). */
@ApiTags('results')
@Controller('results')
export class RunContentsController {
  constructor(private readonly contents: RunContentsService) {}

  @Get(':executionId/metrics')
  @Privileges('read')
  @ApiOperation({ summary: "The metric names in the result's run file, with their point counts." })
  @ApiOkResponse({ type: MetricListResponse })
  metrics(@Param('executionId') executionId: string) {
    return this.contents.metrics(executionId);
  }

  @Get(':executionId/metrics/:name')
  @Privileges('read')
  @ApiOperation({
    summary:
      'One metric series (step, time, value) in time order, downsampled past max_points by min/max per bucket; the name URL-encoded (loss%2Ftrain).',
  })
  @ApiOkResponse({ type: MetricSeriesResponse })
  series(
    @Param('executionId') executionId: string,
    @Param('name') name: string,
    @Query() query: SeriesQuery,
  ) {
    return this.contents.series(executionId, name, query.max_points);
  }

  @Get(':executionId/logs')
  @Privileges('read')
  @ApiOperation({
    summary:
      "A page of the run's log lines, oldest first, optionally only some levels; total and per-level counts.",
  })
  @ApiOkResponse({ type: LogPageResponse })
  logs(@Param('executionId') executionId: string, @Query() query: LogsQuery) {
    return this.contents.logs(executionId, query);
  }
}
