import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { PageOf, Privileges, type Page } from '@simvault/core';
import { RevokedResponse, SessionListQuery, SessionResponse } from '../tokens/token.dto';
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
  @ApiOkResponse({ type: PageOf(SessionResponse) })
  list(@Query() query: SessionListQuery): Promise<Page<SessionResponse>> {
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
  @ApiOkResponse({ type: RevokedResponse })
  revoke(@Param('id') id: string, @CurrentPrincipal() caller: Principal): Promise<RevokedResponse> {
    return this.sessions.revoke(id, caller);
  }
}
