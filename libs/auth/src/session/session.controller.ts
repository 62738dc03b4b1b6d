import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '@simvault/core';
import type { UserEntity } from '@simvault/entities';
import type { Request } from 'express';
import { CurrentPrincipal, CurrentToken } from '../access.guard';
import {
  AnonymousSessionDto,
  LoginDto,
  LoginResponse,
  LogoutResponse,
  SessionTokenResponse,
  WhoAmIResponse,
} from '../dto/session.dto';
import { PasswordLoginGuard } from '../login/password-login.guard';
import type { Principal } from '../principal';
import { clientOf, SessionService } from './session.service';

/** The session routes every Simvault app serves (sim2l clients log in to each service they use). */
@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post('login')
  @Public()
  @UseGuards(PasswordLoginGuard)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in with a username and password (Simvault account or LDAP directory); answers a session token. 401 on bad credentials, 429 after 5 attempts a minute.',
  })
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() _body: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.sessions.signIn(req.user as UserEntity, clientOf(req));
  }

  @Post('anonymous')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start an anonymous session with some of the privileges the server allows (when enabled).',
  })
  @ApiOkResponse({ type: LoginResponse })
  anonymous(@Body() body: AnonymousSessionDto, @Req() req: Request): Promise<LoginResponse> {
    return this.sessions.anonymous(body.privileges, body.ttl_seconds, clientOf(req));
  }

  @Post('refresh')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: "Extend the caller's login session; answers a new token for the same session." })
  @ApiOkResponse({ type: SessionTokenResponse })
  refresh(
    @CurrentPrincipal() principal: Principal,
    @CurrentToken() token: string,
  ): Promise<SessionTokenResponse> {
    return this.sessions.refresh(principal, token);
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: "End the caller's session; its token is refused from then on." })
  @ApiOkResponse({ type: LogoutResponse })
  logout(@CurrentPrincipal() principal: Principal, @CurrentToken() token: string): Promise<LogoutResponse> {
    return this.sessions.logout(principal, token);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Who am I: user, role, privileges and expiry of the calling session.' })
  @ApiOkResponse({ type: WhoAmIResponse })
  whoami(@CurrentPrincipal() principal: Principal): WhoAmIResponse {
    return this.sessions.whoami(principal);
  }
}
