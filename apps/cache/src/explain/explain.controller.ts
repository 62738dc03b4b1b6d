import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { tokenFrom } from '@simvault/auth';
import { Privileges } from '@simvault/core';
import type { Request } from 'express';
import { ExplainQuery, ExplainResponse } from './explain.dto';
import { ExplainService } from './explain.service';

@ApiTags('cache')
@Controller('cache')
export class ExplainController {
  constructor(private readonly explainer: ExplainService) {}

  @Get('explain')
  @Privileges('read')
  @ApiOkResponse({ type: ExplainResponse })
  @ApiOperation({
    summary:
      "Why a lookup missed: ?key= (what its entry is now: hit, expired when, invalidated by whom and why) and/or ?simulation=&version=&inputs={json}: the live entries of that simulation nearest to those inputs (same version first) with exactly which inputs differ, read from the registered runs' parameters.",
  })
  explain(@Query() query: ExplainQuery, @Req() req: Request) {
    return this.explainer.explain(query, tokenFrom(req));
  }
}
