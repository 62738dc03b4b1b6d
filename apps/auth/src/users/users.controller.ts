import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { Authenticated, Privileges } from '@simvault/core';
import { ChangeOwnPasswordDto, CreateUserDto, ListUsersQuery, PasswordDto, UpdateUserDto } from './user.dto';
import { userResponse, UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Privileges('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (admin). 409 when the username is taken.' })
  create(@Body() body: CreateUserDto) {
    return this.users.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List users (admin), paginated, optionally by role and active.' })
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Get(':username')
  @ApiOperation({ summary: 'One user (admin).' })
  async get(@Param('username') username: string) {
    return userResponse(await this.users.get(username));
  }

  @Patch(':username')
  @ApiOperation({ summary: "Change a user's role, email, or deactivate/reactivate them (admin)." })
  update(
    @Param('username') username: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.users.update(username, body, caller);
  }

  @Put(':username/password')
  @ApiOperation({ summary: "Set a user's password (admin); their login sessions end." })
  setPassword(@Param('username') username: string, @Body() body: PasswordDto) {
    return this.users.setPassword(username, body.password);
  }

  @Delete(':username')
  @ApiOperation({ summary: 'Delete a user and every session and token of theirs (admin).' })
  remove(@Param('username') username: string, @CurrentPrincipal() caller: Principal) {
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
  changePassword(@Body() body: ChangeOwnPasswordDto, @CurrentPrincipal() caller: Principal) {
    return this.users.changeOwnPassword(caller, body.current_password, body.new_password);
  }
}
