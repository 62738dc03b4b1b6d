import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import {
  ApiBinaryResponse,
  type Logger,
  type Page,
  PageOf,
  Privileges,
  REDIRECT_DESCRIPTION,
  sendContent,
  SIMVAULT_LOGGER,
} from '@simvault/core';
import type { Request, Response } from 'express';
import { ArtifactResponse, IndexAnswer, RunFilesResponse } from './artifact.response';
import { ArtifactQuery, IndexRunDto, SimulationFilesQuery } from './dto/runs.dto';
import { RunIndexer } from './run-indexer.service';
import { RunsService } from './runs.service';

@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly indexer: RunIndexer,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  @Get('runs/:executionId/files')
  @Privileges('read')
  @ApiOperation({
    summary:
      "The artifacts of a registered run (sim2l's get_run_files): name, size, category, content_type, sha256, where the bytes are.",
  })
  @ApiOkResponse({ type: RunFilesResponse })
  files(@Param('executionId') executionId: string): Promise<RunFilesResponse> {
    return this.runs.files(executionId);
  }

  @Get('runs/:executionId/files/*name')
  @Privileges('read')
  @ApiParam({ name: 'name', description: 'The artifact name; may contain "/".' })
  @ApiBinaryResponse('application/octet-stream')
  @ApiOperation({
    summary:
      "One artifact's bytes (sim2l's export_run_file), streamed from the run file or its external file and verified, with Content-Type, Content-Length and ETag (its sha256); 304 for If-None-Match; one byte range (Range, If-Range) with 206.",
  })
  @ApiResponse({ status: 302, description: REDIRECT_DESCRIPTION })
  async download(
    @Param('executionId') executionId: string,
    @Param('name') name: string | string[],
    @Query() query: ArtifactQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const artifact = Array.isArray(name) ? name.join('/') : name;
    const content = await this.runs.download(executionId, artifact, query.id);
    await sendContent(req, res, {
      ...content,
      onError: (error) =>
        this.logger.warn(
          { execution_id: executionId, name: artifact, err: error.message },
          'an artifact download was cut short',
        ),
    });
  }

  @Post('runs/:executionId/index')
  @HttpCode(200)
  @Privileges('write')
  @ApiOperation({
    summary:
      "Index a run's artifacts now, from the platform's stored run file of that checksum (or the one indexed last time). Registration does this by itself.",
  })
  @ApiOkResponse({ type: IndexAnswer })
  index(
    @Param('executionId') executionId: string,
    @Body() body: IndexRunDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<IndexAnswer> {
    return this.indexer.indexOnDemand(executionId, body.checksum, caller.username);
  }

  @Get('simulations/:name/:version/files')
  @Privileges('read')
  @ApiOperation({
    summary:
      "The artifacts of every indexed run of a simulation version (sim2l's get_simulation_files), run by run: {items, total, limit, offset}.",
  })
  @ApiOkResponse({ type: PageOf(ArtifactResponse) })
  simulationFiles(
    @Param('name') name: string,
    @Param('version') version: string,
    @Query() query: SimulationFilesQuery,
  ): Promise<Page<ArtifactResponse>> {
    return this.runs.ofSimulation(name, version, query.limit, query.offset);
  }
}
