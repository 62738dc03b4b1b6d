import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { Authenticated, PageOf, Privileges, type Page } from '@simvault/core';
import {
  ChangeOwnPasswordDto,
  CreateUserDto,
  ListUsersQuery,
  PasswordChangedResponse,
  PasswordDto,
  UpdateUserDto,
  UserDeletedResponse,
  UserResponse,
} from './user.dto';
import { userResponse, UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Privileges('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (admin). 409 when the username is taken.' })
  @ApiCreatedResponse({ type: UserResponse })
  create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return this.users.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List users (admin), paginated, optionally by role and active.' })
  @ApiOkResponse({ type: PageOf(UserResponse) })
  list(@Query() query: ListUsersQuery): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @Get(':username')
  @ApiOperation({ summary: 'One user (admin).' })
  @ApiOkResponse({ type: UserResponse })
  async get(@Param('username') username: string): Promise<UserResponse> {
    return userResponse(await this.users.get(username));
  }

  @Patch(':username')
  @ApiOperation({ summary: "Change a user's role, email, or deactivate/reactivate them (admin)." })
  @ApiOkResponse({ type: UserResponse })
  update(
    @Param('username') username: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<UserResponse> {
    return this.users.update(username, body, caller);
  }

  @Put(':username/password')
  @ApiOperation({ summary: "Set a user's password (admin); their login sessions end." })
  @ApiOkResponse({ type: PasswordChangedResponse })
  setPassword(
    @Param('username') username: string,
    @Body() body: PasswordDto,
  ): Promise<PasswordChangedResponse> {
    return this.users.setPassword(username, body.password);
  }

  @Delete(':username')
  @ApiOperation({ summary: 'Delete a user and every session and token of theirs (admin).' })
  @ApiOkResponse({ type: UserDeletedResponse })
  remove(
    @Param('username') username: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<UserDeletedResponse> {
    return this.users.remove(username, caller);
  }
}

@ApiTags('users')
@Controller('account')
export class AccountController {
  constructor(private readonly users: UsersService) {}

  @Put('password')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change your own password (needs the current one); your other login sessions end.',
  })
  @ApiOkResponse({ type: PasswordChangedResponse })
  changePassword(
    @Body() body: ChangeOwnPasswordDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<PasswordChangedResponse> {
    return this.users.changeOwnPassword(caller, body.current_password, body.new_password);
  }
}
