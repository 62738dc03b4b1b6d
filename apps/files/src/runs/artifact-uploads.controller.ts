import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@simvault/auth';
import { ChecksumPipe } from '@simvault/buffers';
import { Privileges, RawBody } from '@simvault/core';
import type { Request } from 'express';
import { ArtifactGc, ArtifactGcDto, ArtifactGcResponse } from './artifact-gc';
import { ArtifactStore, parseUploadRange } from './artifact-store';

export class ArtifactStateResponse {
  @ApiProperty({ description: 'The digest the bytes are stored under.' })
  sha256!: string;

  @ApiProperty({ description: 'Whether the platform holds the whole artifact.' })
  stored!: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The stored size; null until stored.' })
  size!: number | null;

  @ApiProperty({
    description:
      'Bytes of an upload in parts received so far: the next part starts there (the size once stored).',
  })
  offset!: number;

  @ApiProperty({
    description: 'Whether this request stored the bytes (false: already there, or not complete).',
  })
  created!: boolean;
}

/**
 * Content-addressed uploads of runs' external artifacts. A run file names each external artifact's
 * sha256; a client uploads the bytes under it, before or after registering the run file, and every
 * download of that artifact is then served from the platform's copy. The bytes are nobody's: the
 * same bytes sent by two users are stored once, and they are read only through a run that names
 * them (GET /runs/{id}/files/{name}, read privilege).
 */
@ApiTags('runs')
@Controller('artifacts')
export class ArtifactUploadsController {
  constructor(
    private readonly artifacts: ArtifactStore,
    private readonly gc: ArtifactGc,
  ) {}

  @Post('gc')
  @HttpCode(200)
  @Privileges('admin')
  @ApiOkResponse({ type: ArtifactGcResponse })
  @ApiOperation({
    summary:
      'Admin: delete the uploaded artifacts no indexed run names, stored more than grace_hours ago (default SIMVAULT_ARTIFACT_GC_GRACE_HOURS); a dry run (the default) lists them and deletes nothing. Each deletion is audited.',
  })
  collect(@Body() body: ArtifactGcDto, @CurrentPrincipal() caller: Principal): Promise<ArtifactGcResponse> {
    return this.gc.collect(caller, body);
  }

  @Get(':sha256')
  @Privileges('write')
  @ApiOkResponse({ type: ArtifactStateResponse })
  @ApiOperation({
    summary:
      'Whether the platform holds the artifact of this sha256, or how many bytes of an upload in parts have arrived (where to resume): {sha256, stored, size, offset}.',
  })
  state(@Param('sha256', ChecksumPipe) sha256: string) {
    return this.artifacts.state(sha256);
  }

  @Put(':sha256')
  @RawBody()
  @Privileges('write')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The artifact, or one part of it.' })
  @ApiHeader({
    name: 'Content-Range',
    required: false,
    description:
      'bytes <first>-<last>/<total>: one part of a resumable upload, starting where the last one ended (GET answers offset).',
  })
  @ApiOkResponse({ type: ArtifactStateResponse })
  @ApiOperation({
    summary:
      'Upload an external artifact under its sha256, whole or in Content-Range parts; stored only when the bytes hash to it (400 otherwise), once however often sent. Already stored: an empty body is enough. A part that does not start at the offset received so far: 409 {details: {offset}}.',
  })
  put(@Param('sha256', ChecksumPipe) sha256: string, @Req() req: Request) {
    return this.artifacts.receive(sha256, req, parseUploadRange(req.headers['content-range']));
  }
}
