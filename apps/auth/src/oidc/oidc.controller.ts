import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { clientOf, LoginResponse } from '@simvault/auth';
import { Public } from '@simvault/core';
import type { UserEntity } from '@simvault/entities';
import type { Request, Response } from 'express';
import { OidcGuard, type OidcRequest } from './oidc.guard';
import { OidcLogins } from './oidc-logins.service';
import { OidcDevicePendingResponse, OidcDeviceResponse, OidcDeviceTokenDto, OidcTokenDto } from './oidc.dto';

/** OpenID Connect logins (when SIMVAULT_AUTH_STRATEGIES includes oidc): browser, CLI and device. */
@ApiTags('session')
@Controller('session/oidc')
export class OidcController {
  constructor(private readonly logins: OidcLogins) {}

  @Get('login')
  @Public()
  @UseGuards(OidcGuard)
  @ApiOperation({
    summary:
      'Start a login at the OpenID Connect provider (302). A CLI or the console adds redirect_uri (loopback or configured), state and an S256 code_challenge.',
  })
  @ApiFoundResponse({ description: "To the provider's login page." })
  start() {
    // The strategy has redirected the browser to the provider.
  }

  @Get('callback')
  @Public()
  @UseGuards(OidcGuard)
  @ApiOperation({
    summary:
      "The provider's return: answers the session, or sends the browser to the client's redirect_uri with a one-time code.",
  })
  @ApiOkResponse({ type: LoginResponse, description: 'When the login has no redirect_uri.' })
  @ApiFoundResponse({ description: "To the client's redirect_uri, with a one-time code." })
  async callback(
    @Req() req: OidcRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse | undefined> {
    const next = await this.logins.finish(req.user as UserEntity, req.oidcReturn ?? {}, clientOf(req));
    if (typeof next !== 'string') return next;
    res.redirect(302, next);
    return undefined;
  }

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange the one-time code and its PKCE verifier for a session token.' })
  @ApiOkResponse({ type: LoginResponse })
  token(@Body() body: OidcTokenDto, @Req() req: Request): Promise<LoginResponse> {
    return this.logins.exchange(body.code, body.code_verifier, clientOf(req));
  }

  @Post('device')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a device-flow login: a code to enter at the provider, and one to poll with.',
  })
  @ApiOkResponse({ type: OidcDeviceResponse })
  device(): Promise<OidcDeviceResponse> {
    return this.logins.startDevice();
  }

  @Post('device/token')
  @Public()
  @ApiOperation({
    summary:
      'Poll a device-flow login: 202 {status: pending|slow_down, interval} until the person approves, then 200 with the session token.',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiAcceptedResponse({ type: OidcDevicePendingResponse })
  async deviceToken(
    @Body() body: OidcDeviceTokenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse | OidcDevicePendingResponse> {
    const answer = await this.logins.pollDevice(body.device_code, clientOf(req));
    res.status('status' in answer ? 202 : 200);
    return answer;
  }
}
