import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { ApiBinaryResponse, Privileges } from '@simvault/core';
import { InvalidateDto } from './invalidate.dto';
import { ResultDeletedResponse, ResultInvalidatedResponse, ResultResponse } from './result.response';
import { ResultsService } from './results.service';

@ApiTags('results')
@Controller('results')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get(':executionId')
  @Privileges('read')
  @ApiOperation({ summary: 'One result with everything stored about it; 404 {error: "Result not found"}.' })
  @ApiOkResponse({ type: ResultResponse })
  get(@Param('executionId') executionId: string): Promise<ResultResponse> {
    return this.results.get(executionId);
  }

  @Delete(':executionId')
  @Privileges('write')
  @ApiOperation({
    summary:
      'Delete a result and its values: its owner, or results_curate for anyone\'s (audited). {status: "deleted", execution_id}.',
  })
  @ApiOkResponse({ type: ResultDeletedResponse })
  remove(
    @Param('executionId') executionId: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<ResultDeletedResponse> {
    return this.results.delete(executionId, caller);
  }

  @Post(':executionId/invalidate')
  @HttpCode(200)
  @Privileges('write')
  @ApiOperation({
    summary:
      "Mark a result invalid: kept and readable, left out of searches and statistics unless include_invalid. Its owner, or results_curate for anyone's (audited); a re-registration keeps the invalidation.",
  })
  @ApiOkResponse({ type: ResultInvalidatedResponse })
  invalidate(
    @Param('executionId') executionId: string,
    @Body() body: InvalidateDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<ResultInvalidatedResponse> {
    return this.results.invalidate(executionId, body.reason, caller);
  }

  @Get(':executionId/run-file')
  @Privileges('read')
  @ApiOperation({ summary: "Download the platform's copy of the result's run file (a SQLite database)." })
  @ApiBinaryResponse('application/vnd.sqlite3')
  runFile(@Param('executionId') executionId: string) {
    return this.results.runFile(executionId);
  }
}
