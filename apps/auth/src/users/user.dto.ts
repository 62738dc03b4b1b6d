import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NullIsValue, PageQueryDto, QueryBoolean, ROLES, type Role } from '@simvault/core';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class PasswordDto {
  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsString()
  @MinLength(8, { message: 'password must be at least 8 characters long' })
  @MaxLength(256)
  password: string;
}

export class CreateUserDto extends PasswordDto {
  @ApiProperty({ example: 'alice', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message:
      'username must be 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
  })
  username: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'user' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    description: 'false deactivates the account: its sessions and tokens stop working.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @NullIsValue()
  @ApiPropertyOptional({ nullable: true, description: 'null removes the address.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;
}

export class ChangeOwnPasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  current_password: string;

  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsString()
  @MinLength(8, { message: 'new_password must be at least 8 characters long' })
  @MaxLength(256)
  new_password: string;
}

export class ListUsersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @QueryBoolean()
  active?: boolean;
}

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() active: boolean;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

export class PasswordChangedResponse {
  @ApiProperty({ enum: ['password_changed'] }) status: 'password_changed';
  @ApiProperty({ description: 'How many of the user’s login sessions ended.' }) revoked_sessions: number;
}

export class UserDeletedResponse {
  @ApiProperty({ enum: ['deleted'] }) status: 'deleted';
  @ApiProperty() username: string;
}
