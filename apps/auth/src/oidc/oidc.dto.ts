import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class OidcTokenDto {
  @ApiProperty({ description: 'The code the login returned to your redirect_uri.' })
  @IsString()
  @MaxLength(8192)
  code: string;

  @ApiProperty({ description: 'The PKCE verifier whose S256 challenge started the login.' })
  @IsString()
  @Matches(/^[A-Za-z0-9._~-]{43,128}$/, { message: 'code_verifier must be 43 to 128 characters of RFC 7636' })
  code_verifier: string;
}

export class OidcDeviceTokenDto {
  @ApiProperty({ description: 'The device_code POST /session/oidc/device answered.' })
  @IsString()
  @MaxLength(8192)
  device_code: string;
}

export class OidcDeviceResponse {
  @ApiProperty() device_code: string;
  @ApiProperty({ description: 'What the person enters at verification_uri.' }) user_code: string;
  @ApiProperty() verification_uri: string;
  @ApiProperty({ type: String, nullable: true }) verification_uri_complete: string | null;
  @ApiProperty() expires_in: number;
  @ApiProperty({ description: 'Seconds between polls of /session/oidc/device/token.' }) interval: number;
}

/** A device-flow poll before the person has approved (202). */
export class OidcDevicePendingResponse {
  @ApiProperty({ enum: ['pending', 'slow_down'] }) status: 'pending' | 'slow_down';
  @ApiProperty({ description: 'Seconds to wait before the next poll.' }) interval: number;
}

export class OidcEndpoints {
  @ApiProperty({ example: '/session/oidc/login' }) login: string;
  @ApiProperty({ example: '/session/oidc/token' }) token: string;
  @ApiProperty({ example: '/session/oidc/device' }) device: string;
}

/** Which ways of signing in this server offers. */
export class LoginOptionsResponse {
  @ApiProperty({ type: [String], enum: ['local', 'ldap', 'oidc'] }) strategies: string[];
  @ApiProperty({ description: 'Whether POST /session/login takes a username and password.' })
  password: boolean;
  @ApiProperty({ type: OidcEndpoints, nullable: true }) oidc: OidcEndpoints | null;
}
