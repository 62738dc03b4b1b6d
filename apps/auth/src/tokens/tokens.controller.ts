import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { Authenticated, PageOf, Privileges, type Page } from '@simvault/core';
import {
  CreatedTokenResponse,
  CreateTokenDto,
  ListTokensQuery,
  RevokedResponse,
  SessionResponse,
} from './token.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@Controller('tokens')
@Authenticated()
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a named, expiring API token with some of your privileges. The token is shown once.',
  })
  @ApiCreatedResponse({ type: CreatedTokenResponse })
  create(@CurrentPrincipal() caller: Principal, @Body() body: CreateTokenDto): Promise<CreatedTokenResponse> {
    return this.tokens.create(caller, body);
  }

  @Get()
  @Privileges('read')
  @ApiOperation({ summary: 'Your API tokens (admins: ?username= or ?all=true). Needs read.' })
  @ApiOkResponse({ type: PageOf(SessionResponse) })
  list(
    @CurrentPrincipal() caller: Principal,
    @Query() query: ListTokensQuery,
  ): Promise<Page<SessionResponse>> {
    return this.tokens.list(caller, query);
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      'Revoke one of your API tokens from a logged-in session (admins: anyone’s); an API token cannot revoke tokens.',
  })
  @ApiOkResponse({ type: RevokedResponse })
  revoke(@CurrentPrincipal() caller: Principal, @Param('id') id: string): Promise<RevokedResponse> {
    return this.tokens.revoke(caller, id);
  }
}
