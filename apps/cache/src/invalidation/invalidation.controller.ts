import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { PageQueryDto, Privileges } from '@simvault/core';
import { InvalidateDto } from './invalidation.dto';
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
  invalidate(@Body() body: InvalidateDto, @CurrentPrincipal() caller: Principal) {
    return this.invalidations.invalidate(body, caller);
  }

  @Get('invalidations')
  @ApiOperation({ summary: 'The invalidation log, newest first: who, when, filter, reason, count.' })
  list(@Query() query: PageQueryDto) {
    return this.invalidations.list(query);
  }
}
