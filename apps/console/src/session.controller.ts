import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { LoginDto, LogoutResponse } from '@simvault/auth';
import { Public, SIMVAULT_CONFIG, unauthorized, type SimvaultConfig } from '@simvault/core';
import type { Request, Response } from 'express';
import { requireSameOrigin, sessionCookie, sessionToken, unreachable, upstreamUrl } from './upstream';

/** Who is signed in, as the console's pages need it (never the token). */
export class ConsoleSession {
  @ApiProperty() username: string;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
  @ApiProperty({ type: [String] }) privileges: string[];
  @ApiProperty({ type: String, nullable: true }) expires_at: string | null;
}

/**
 * Signing in and out of the console. The auth service checks the password and issues the session;
 * the console keeps its token in an HttpOnly, SameSite=Strict cookie and forwards it as a bearer
 * token, so no script (the console's own included) ever sees it.
 */
@ApiTags('console')
@Controller('console/session')
export class ConsoleSessionController {
  constructor(@Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig) {}

  // Public: the auth service decides (and counts attempts against its login limit).
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a username and password; sets the session cookie.' })
  @ApiOkResponse({ type: ConsoleSession })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    requireSameOrigin(req);
    const answer = await this.call('POST', '/session/login', undefined, body, req.ip);
    if (answer.status !== 200) {
      res.status(answer.status);
      return answer.body;
    }
    const login = answer.body as ConsoleSession & { token: string };
    const seconds = login.expires_at ? (Date.parse(login.expires_at) - Date.now()) / 1000 : 0;
    res.setHeader('Set-Cookie', sessionCookie(this.config, login.token, seconds));
    return this.publicView(login);
  }

  // Public: without a session there is nothing to end; the cookie is cleared either way.
  @Post('logout')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out: the auth service revokes the session; the cookie is cleared.' })
  @ApiOkResponse({ type: LogoutResponse })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    requireSameOrigin(req);
    const token = sessionToken(req);
    res.setHeader('Set-Cookie', sessionCookie(this.config, null));
    if (token === undefined) return { status: 'logged_out' };
    const answer = await this.call('POST', '/session/logout', token);
    // A session that had already ended (401) is as signed out as one revoked now.
    return answer.status === 200 || answer.status === 401 ? { status: 'logged_out' } : answer.body;
  }

  // Public: answers 401 without a valid session (the auth service checks the cookie's token).
  @Get()
  @Public()
  @ApiOperation({ summary: "The signed-in user's name, role and privileges; 401 when signed out." })
  @ApiOkResponse({ type: ConsoleSession })
  async current(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = sessionToken(req);
    if (token === undefined) throw unauthorized('Not signed in.');
    const answer = await this.call('GET', '/session', token);
    if (answer.status !== 200) {
      if (answer.status === 401) res.setHeader('Set-Cookie', sessionCookie(this.config, null));
      res.status(answer.status);
      return answer.body;
    }
    return this.publicView(answer.body as ConsoleSession);
  }

  private publicView(s: ConsoleSession): ConsoleSession {
    return { username: s.username, role: s.role, privileges: s.privileges, expires_at: s.expires_at };
  }

  /** `client` is the browser's address: the auth service counts login attempts by it when it trusts the console. */
  private async call(method: string, path: string, token?: string, body?: unknown, client?: string) {
    let res: globalThis.Response;
    try {
      res = await fetch(upstreamUrl(this.config, 'auth', path), {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(client ? { 'x-forwarded-for': client } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw unreachable('auth', error);
    }
    return { status: res.status, body: (await res.json().catch(() => ({}))) as unknown };
  }
}
