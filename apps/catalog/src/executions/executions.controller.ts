import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { Authenticated, PageOf, Privileges, type Page } from '@simvault/core';
import {
  ExecutionResponse,
  ListExecutionsQuery,
  RecordedExecutionResponse,
  RecordExecutionDto,
} from './execution.dto';
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
  @ApiCreatedResponse({ type: RecordedExecutionResponse })
  record(
    @Body() body: RecordExecutionDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<RecordedExecutionResponse> {
    return this.executions.record(body, caller);
  }

  @Get()
  @Privileges('read')
  @ApiOperation({ summary: 'Recorded executions, newest first, by simulation_id and username.' })
  @ApiOkResponse({ type: PageOf(ExecutionResponse) })
  list(@Query() query: ListExecutionsQuery): Promise<Page<ExecutionResponse>> {
    return this.executions.list(query);
  }

  @Get(':executionId')
  @Privileges('read')
  @ApiOperation({ summary: 'One recorded execution.' })
  @ApiOkResponse({ type: ExecutionResponse })
  get(@Param('executionId') executionId: string): Promise<ExecutionResponse> {
    return this.executions.get(executionId);
  }
}
