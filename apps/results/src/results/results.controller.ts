import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { ApiBinaryResponse, Privileges, REDIRECT_DESCRIPTION, sendContent } from '@simvault/core';
import type { Request, Response } from 'express';
import { InvalidateDto } from './invalidate.dto';
import { ResultDeletedResponse, ResultDetailResponse, ResultInvalidatedResponse } from './result.response';
import { ResultsService } from './results.service';
import { ResultTagsResponse, SetTagsDto } from './tags.dto';

@ApiTags('results')
@Controller('results')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get(':executionId')
  @Privileges('read')
  @ApiOperation({ summary: 'One result with everything stored about it; 404 {error: "Result not found"}.' })
  @ApiOkResponse({ type: ResultDetailResponse })
  get(@Param('executionId') executionId: string): Promise<ResultDetailResponse> {
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

  @Put(':executionId/tags')
  @Privileges('write')
  @ApiOperation({
    summary:
      "Set tags on a result (key to value; other keys kept, a key's old value replaced). Its owner, or results_curate for anyone's (audited). Search them as tag.<key>.",
  })
  @ApiOkResponse({ type: ResultTagsResponse })
  setTags(
    @Param('executionId') executionId: string,
    @Body() body: SetTagsDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<ResultTagsResponse> {
    return this.results.setTags(executionId, body.tags, caller);
  }

  @Delete(':executionId/tags/:key')
  @Privileges('write')
  @ApiOperation({
    summary:
      "Remove one tag of a result; 404 when it has none of that key. Its owner, or results_curate for anyone's (audited).",
  })
  @ApiOkResponse({ type: ResultTagsResponse })
  removeTag(
    @Param('executionId') executionId: string,
    @Param('key') key: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<ResultTagsResponse> {
    return this.results.removeTag(executionId, key, caller);
  }

  @Get(':executionId/run-file')
  @Privileges('read')
  @ApiOperation({
    summary:
      "Download the platform's copy of the result's run file (a SQLite database); its sha256 is the ETag. One byte range (Range: bytes=a-b or bytes=a-, If-Range) answers 206 with Content-Range, so that a cut download resumes; a range past the end 416 (several ranges: the whole file).",
  })
  @ApiHeader({ name: 'Range', required: false, description: 'bytes=<first>-[<last>]' })
  @ApiBinaryResponse('application/vnd.sqlite3')
  @ApiResponse({ status: 206, description: 'The requested byte range (Content-Range).' })
  @ApiResponse({ status: 302, description: REDIRECT_DESCRIPTION })
  @ApiResponse({ status: 416, description: 'The range starts past the end of the file.' })
  async runFile(
    @Param('executionId') executionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await sendContent(req, res, await this.results.runFile(executionId));
  }
}
