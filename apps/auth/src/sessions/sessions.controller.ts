import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { Privileges } from '@simvault/core';
import { SessionListQuery } from '../tokens/token.dto';
import { SessionsService } from './sessions.service';

@ApiTags('sessions')
@Controller('sessions')
@Privileges('admin')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({
    summary: 'List sessions (admin): active ones unless include_inactive=true; by user and kind.',
  })
  list(@Query() query: SessionListQuery) {
    return this.sessions.list({
      username: query.username,
      kind: query.kind,
      includeInactive: query.include_inactive,
      limit: query.limit,
      offset: query.offset,
    });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a session or token (admin); every app refuses it within seconds.' })
  revoke(@Param('id') id: string, @CurrentPrincipal() caller: Principal) {
    return this.sessions.revoke(id, caller);
  }
}
