import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { Authenticated, Privileges } from '@simvault/core';
import { ListExecutionsQuery, RecordExecutionDto } from './execution.dto';
import { ExecutionsService } from './executions.service';

@ApiTags('executions')
@Controller('executions')
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Post()
  // execute OR run: @Privileges asks for all it lists, so the service checks this one.
  @Authenticated()
  @ApiOperation({
    summary:
      'Record an execution (execute or run privilege): 201 {status: "recorded"}. Idempotent on execution_id; the user is the session\'s.',
  })
  record(@Body() body: RecordExecutionDto, @CurrentPrincipal() caller: Principal) {
    return this.executions.record(body, caller);
  }

  @Get()
  @Privileges('read')
  @ApiOperation({ summary: 'Recorded executions, newest first, by simulation_id and username.' })
  list(@Query() query: ListExecutionsQuery) {
    return this.executions.list(query);
  }

  @Get(':executionId')
  @Privileges('read')
  @ApiOperation({ summary: 'One recorded execution.' })
  get(@Param('executionId') executionId: string) {
    return this.executions.get(executionId);
  }
}
