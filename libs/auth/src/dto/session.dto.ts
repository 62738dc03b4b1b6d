import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRIVILEGES, ROLES, type Privilege } from '@simvault/core';
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  username: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;
}

export class AnonymousSessionDto {
  @ApiPropertyOptional({
    description: 'A subset of the privileges the server allows anonymous sessions; all of them when omitted.',
    example: ['read'],
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PRIVILEGES, { each: true })
  privileges?: Privilege[];

  @ApiPropertyOptional({ description: 'Lifetime in seconds, at most the server maximum.', example: 3600 })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  ttl_seconds?: number;
}

export class SessionTokenResponse {
  @ApiProperty({
    description: 'The credential: send it as "Authorization: Bearer <token>" or "X-Session-ID: <token>".',
  })
  token: string;
  @ApiProperty({ description: 'The same credential, under the name sim2l clients read.' })
  session_id: string;
  @ApiProperty({ description: 'The session row id (what an admin revokes).' })
  id: string;
  @ApiProperty()
  expires_at: string;
}

export class LoginResponse extends SessionTokenResponse {
  @ApiProperty()
  username: string;
  @ApiProperty({ enum: ROLES, nullable: true })
  role: string | null;
  @ApiProperty({ enum: PRIVILEGES, isArray: true })
  privileges: string[];
}

export class WhoAmIResponse {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: ['login', 'anonymous', 'api_token'] })
  kind: string;
  @ApiProperty()
  username: string;
  @ApiProperty({ enum: ROLES, nullable: true })
  role: string | null;
  @ApiProperty({ enum: PRIVILEGES, isArray: true })
  privileges: string[];
  @ApiProperty()
  expires_at: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: "An API token's name." })
  name: string | null;
}

export class LogoutResponse {
  @ApiProperty({ enum: ['logged_out'] }) status: 'logged_out';
}
