import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, PRIVILEGES, QueryBoolean, type Privilege } from '@simvault/core';
import type { SessionKind } from '@simvault/entities';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';

export class CreateTokenDto {
  @ApiProperty({ example: 'ci-readonly', description: '1 to 100 printable characters.' })
  @IsString()
  @Matches(/^[^\p{Cc}]{1,100}$/u, { message: 'name must be 1 to 100 characters without control characters' })
  name: string;

  @ApiPropertyOptional({
    description: 'A subset of your own privileges; all of them when omitted.',
    example: ['read'],
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(PRIVILEGES, { each: true })
  privileges?: Privilege[];

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, default: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expires_in_days?: number;
}

export class ListTokensQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: "Admins: another user's tokens." })
  @IsOptional()
  @IsString()
  username?: string;

  @ApiPropertyOptional({ description: 'Admins: every user’s tokens.' })
  @QueryBoolean()
  all?: boolean;

  @ApiPropertyOptional({ description: 'Include revoked and expired tokens.', default: false })
  @QueryBoolean()
  include_inactive?: boolean;
}

export class SessionListQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  username?: string;

  @ApiPropertyOptional({ enum: ['login', 'anonymous', 'api_token'] })
  @IsOptional()
  @IsIn(['login', 'anonymous', 'api_token'])
  kind?: 'login' | 'anonymous' | 'api_token';

  @ApiPropertyOptional({ description: 'Include revoked and expired sessions.', default: false })
  @QueryBoolean()
  include_inactive?: boolean;
}

/** A login session, anonymous session or API token, as an admin or its owner sees it (never its secret). */
export class SessionResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['login', 'anonymous', 'api_token'] }) kind: SessionKind;
  @ApiProperty({ type: String, nullable: true }) username: string | null;
  @ApiProperty({ type: String, nullable: true, description: "An API token's name." }) name: string | null;
  @ApiProperty({
    enum: PRIVILEGES,
    isArray: true,
    nullable: true,
    description: 'Null: the owner’s privileges.',
  })
  privileges: string[] | null;
  @ApiProperty() created_at: string;
  @ApiProperty() expires_at: string;
  @ApiProperty({ type: String, nullable: true }) revoked_at: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true }) client_address: string | null;
}

/** A new API token: the only answer that carries the token itself. */
export class CreatedTokenResponse extends SessionResponse {
  @ApiProperty({ description: 'Shown once; send it as "Authorization: Bearer <token>".' }) token: string;
}

export class RevokedResponse {
  @ApiProperty({ enum: ['revoked'] }) status: 'revoked';
  @ApiProperty() id: string;
}
