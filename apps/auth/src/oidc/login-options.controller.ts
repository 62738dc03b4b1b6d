import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import { LoginOptionsResponse } from './oidc.dto';

/** What `simvault login` and the console ask first: which ways of signing in this server offers. */
@ApiTags('session')
@Controller('session/strategies')
export class LoginOptionsController {
  constructor(@Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'The login strategies switched on: local and ldap take POST /session/login; oidc the /session/oidc routes.',
  })
  @ApiOkResponse({ type: LoginOptionsResponse })
  options(): LoginOptionsResponse {
    const { strategies } = this.config.auth;
    return {
      strategies,
      password: strategies.includes('local') || strategies.includes('ldap'),
      oidc: strategies.includes('oidc')
        ? { login: '/session/oidc/login', token: '/session/oidc/token', device: '/session/oidc/device' }
        : null,
    };
  }
}
