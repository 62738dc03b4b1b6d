import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBinaryResponse, attachment, type Logger, Privileges, SIMVAULT_LOGGER } from '@simvault/core';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { ExportQuery } from './export.dto';
import { ExportService, type Export } from './export.service';

@ApiTags('export')
@Controller()
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  @Get('files/:id/export')
  @Privileges('read')
  @ApiBinaryResponse('application/x-tar', 'application/zip')
  @ApiOperation({
    summary:
      'A folder with everything in it (or one file) as one streamed archive: ?format=tar (default) or zip. X-Export-Files and X-Export-Skipped (URI entries, which hold no bytes here) count the members.',
  })
  async entry(@Param('id') id: string, @Query() query: ExportQuery, @Res() res: Response): Promise<void> {
    this.send(res, await this.exports.entry(id, query.format));
  }

  @Get('runs/:executionId/export')
  @Privileges('read')
  @ApiBinaryResponse('application/x-tar', 'application/zip')
  @ApiOperation({
    summary:
      "A run's artifacts as one streamed archive under <execution_id>/ (?format=tar or zip); artifacts whose bytes this server cannot read are left out and counted in X-Export-Skipped.",
  })
  async run(@Param('executionId') executionId: string, @Query() query: ExportQuery, @Res() res: Response) {
    this.send(res, await this.exports.run(executionId, query.format));
  }

  private send(res: Response, exported: Export): void {
    const { archive } = exported;
    res.status(200).set({
      'Content-Type': archive.contentType,
      'Content-Length': String(archive.size),
      'Content-Disposition': attachment(`${exported.name}.${archive.extension}`),
      'X-Export-Files': String(exported.files),
      'X-Export-Skipped': String(exported.skipped),
      'X-Content-Type-Options': 'nosniff',
    });
    // A member that fails midway (content changed or gone) cuts the archive short: never a wrong one.
    pipeline(archive.stream(), res, (error) => {
      if (error && !res.writableFinished && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        this.logger.warn({ name: exported.name, err: error.message }, 'an export was cut short');
      }
    });
  }
}
