import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { Authenticated, Privileges } from '@simvault/core';
import { CreateTokenDto, ListTokensQuery } from './token.dto';
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
  create(@CurrentPrincipal() caller: Principal, @Body() body: CreateTokenDto) {
    return this.tokens.create(caller, body);
  }

  @Get()
  @Privileges('read')
  @ApiOperation({ summary: 'Your API tokens (admins: ?username= or ?all=true). Needs read.' })
  list(@CurrentPrincipal() caller: Principal, @Query() query: ListTokensQuery) {
    return this.tokens.list(caller, query);
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      'Revoke one of your API tokens from a logged-in session (admins: anyone’s); an API token cannot revoke tokens.',
  })
  revoke(@CurrentPrincipal() caller: Principal, @Param('id') id: string) {
    return this.tokens.revoke(caller, id);
  }
}
