import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import type { Response } from 'express';
import { SearchAnswer, SearchDto, SearchQuery } from './dto/search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Post('search')
  @HttpCode(200)
  @Privileges('read')
  @ApiOperation({
    summary:
      "Find results by their parameters: sim2l's input_filters/output_filters objects and/or a filter string, evaluated in SQL. {results, count, total, limit, offset}; the total is also in X-Total-Count.",
  })
  @ApiOkResponse({ type: SearchAnswer })
  async find(@Body() body: SearchDto, @Res({ passthrough: true }) res: Response): Promise<SearchAnswer> {
    const answer = await this.search.search(body);
    res.setHeader('X-Total-Count', String(answer.total));
    return answer;
  }

  @Get('results')
  @Privileges('read')
  @ApiOperation({
    summary: 'The same search from a query string: ?filter=…&simulation_name=…&sort_by=…&fields=a,b.',
  })
  @ApiOkResponse({ type: SearchAnswer })
  async list(@Query() query: SearchQuery, @Res({ passthrough: true }) res: Response): Promise<SearchAnswer> {
    const answer = await this.search.search(query);
    res.setHeader('X-Total-Count', String(answer.total));
    return answer;
  }
}
