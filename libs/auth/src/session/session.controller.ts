import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '@simvault/core';
import type { Request } from 'express';
import { CurrentPrincipal, CurrentToken } from '../access.guard';
import {
  AnonymousSessionDto,
  LoginDto,
  LoginResponse,
  SessionTokenResponse,
  WhoAmIResponse,
} from '../dto/session.dto';
import type { Principal } from '../principal';
import { ClientInfo, SessionService } from './session.service';

function clientOf(req: Request): ClientInfo {
  return { address: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.headers['user-agent'] };
}

/** The session routes every Simvault app serves (sim2l clients log in to each service they use). */
@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in with a username and password; answers a session token. 401 on bad credentials, 429 after 5 failures a minute.',
  })
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.sessions.login(body.username, body.password, clientOf(req));
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
  logout(@CurrentPrincipal() principal: Principal, @CurrentToken() token: string) {
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
