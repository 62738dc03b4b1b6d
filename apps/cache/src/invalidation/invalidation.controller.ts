import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { PageOf, PageQueryDto, Privileges, type Page } from '@simvault/core';
import { InvalidateDto, InvalidatedResponse, InvalidationResponse } from './invalidation.dto';
import { InvalidationService } from './invalidation.service';

@ApiTags('cache')
@Controller('cache')
@Privileges('cache_invalidate')
export class InvalidationController {
  constructor(private readonly invalidations: InvalidationService) {}

  @Post('invalidate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Invalidate live entries by simulation_id, simulation_name, simulation_version and/or key pattern (or all: true, admin), with a reason. Logged.',
  })
  @ApiOkResponse({ type: InvalidatedResponse })
  invalidate(
    @Body() body: InvalidateDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<InvalidatedResponse> {
    return this.invalidations.invalidate(body, caller);
  }

  @Get('invalidations')
  @ApiOperation({ summary: 'The invalidation log, newest first: who, when, filter, reason, count.' })
  @ApiOkResponse({ type: PageOf(InvalidationResponse) })
  list(@Query() query: PageQueryDto): Promise<Page<InvalidationResponse>> {
    return this.invalidations.list(query);
  }
}
