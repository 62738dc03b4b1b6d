import { pipeline } from 'node:stream';
import {
  Body,
  Controller,
  Delete,
  Get,
  Head,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiBinaryResponse,
  ApiError,
  badRequest,
  conflict,
  notFound,
  Privileges,
  RawBody,
} from '@simvault/core';
import type { Request, Response } from 'express';
import { BufferStore, BufferTooLargeError, ChecksumMismatchError, ReadOnlyStoreError } from './buffer-store';
import { InvalidInputError } from './checksum';
import { ChecksumPipe } from './checksum.pipe';
import { declaredLength } from './hashserver/hashserver';
import {
  BufferFilenameResponse,
  BufferLengthsResponse,
  ChecksumListDto,
  DeletedBufferResponse,
  HasBuffersResponse,
  StoredBufferResponse,
} from './dto/buffers.dto';

/**
 * The buffer store over REST. Bodies and downloads are streams end to end (never held whole in
 * memory); the plain node:http buffer-server protocol over the same store is HashserverHandler.
 */
@ApiTags('buffers')
@Controller('buffers')
export class BuffersController {
  constructor(private readonly store: BufferStore) {}

  @Post('has')
  @Privileges('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which of these checksums the store holds, in one request.' })
  @ApiOkResponse({ type: HasBuffersResponse })
  async has(@Body() body: ChecksumListDto): Promise<HasBuffersResponse> {
    return { has: await this.store.hasMany(body.checksums) };
  }

  @Post('lengths')
  @Privileges('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'The length of each of these buffers (null when not stored), in one request.' })
  @ApiOkResponse({ type: BufferLengthsResponse })
  async lengths(@Body() body: ChecksumListDto): Promise<BufferLengthsResponse> {
    return { lengths: await this.store.lengths(body.checksums) };
  }

  @Head(':checksum')
  @Privileges('read')
  @ApiOperation({ summary: 'Whether the buffer is stored (200 with its Content-Length, or 404).' })
  async head(@Param('checksum', ChecksumPipe) checksum: string, @Res() res: Response): Promise<void> {
    const stored = await this.store.locate(checksum);
    if (!stored) throw notFound(`No buffer ${checksum} is stored.`);
    res.status(200).set(bufferHeaders(checksum, stored.size)).end();
  }

  @Get(':checksum/filename')
  @Privileges('read')
  @ApiOperation({
    summary:
      "The buffer's path on disk, when the store is in one of the caller's file zones (?zones=a,b): a client on that file system can hard-link it instead of downloading. 404 otherwise.",
  })
  @ApiOkResponse({ type: BufferFilenameResponse })
  async filename(
    @Param('checksum', ChecksumPipe) checksum: string,
    @Query('zones') zones: unknown,
  ): Promise<BufferFilenameResponse> {
    const wanted = (Array.isArray(zones) ? zones : [zones])
      .filter((z): z is string => typeof z === 'string')
      .flatMap((z) => z.split(','))
      .filter((z) => z !== '');
    if (wanted.length === 0) {
      throw badRequest('zones is required: the file zones this client can read, as ?zones=zone-a,zone-b.');
    }
    const answer = await this.store.filename(checksum, wanted).catch(asApiError);
    if (answer.found) return { checksum, filename: answer.path, zone: answer.zone };
    if (answer.reason === 'absent') throw notFound(`No buffer ${checksum} is stored.`);
    if (answer.reason === 'no-zone') {
      throw notFound(
        'This buffer store has no file zone (SIMVAULT_BUFFER_ZONE), so no client shares its file system: download the buffer instead.',
      );
    }
    throw notFound(
      `The buffer store is in file zone "${this.store.zone}", not in ${wanted.join(', ')}: download the buffer instead.`,
    );
  }

  @Get(':checksum')
  @Privileges('read')
  @ApiBinaryResponse('application/octet-stream')
  @ApiOperation({ summary: "The buffer's bytes, streamed (404 when not stored)." })
  async get(@Param('checksum', ChecksumPipe) checksum: string, @Res() res: Response): Promise<void> {
    const buffer = await this.store.read(checksum);
    if (!buffer) throw notFound(`No buffer ${checksum} is stored.`);
    res.status(200).set(bufferHeaders(checksum, buffer.size));
    // A buffer found corrupt while streaming fails before its last chunk, which cuts the response
    // short: the client sees a failed transfer, never complete wrong bytes. The store logs it.
    pipeline(buffer.stream, res, () => undefined);
  }

  @Put(':checksum')
  @RawBody()
  @Privileges('write')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ description: 'The raw bytes of the buffer.', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({
    summary:
      "Store a buffer: the body is streamed to disk while hashed and kept only if it matches the checksum (400 otherwise) and is within the store's size limit (413 otherwise; SIMVAULT_BUFFER_MAX_BYTES). 201 when stored, 200 when it already existed.",
  })
  @ApiOkResponse({ type: StoredBufferResponse })
  async put(
    @Param('checksum', ChecksumPipe) checksum: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StoredBufferResponse> {
    try {
      const result = await this.store.put(checksum, req, { length: declaredLength(req) });
      res.status(result.created ? 201 : 200);
      return result;
    } catch (error) {
      const refused = error instanceof ChecksumMismatchError || error instanceof BufferTooLargeError;
      if (req.destroyed && !refused) {
        throw badRequest('The upload ended before its body did; nothing was stored.');
      }
      return asApiError(error);
    }
  }

  @Delete(':checksum')
  @Privileges('admin')
  @ApiOperation({
    summary:
      'Delete a buffer from the writable store (404 when absent; 409 when only a read-only directory holds it).',
  })
  @ApiOkResponse({ type: DeletedBufferResponse })
  async remove(@Param('checksum', ChecksumPipe) checksum: string): Promise<DeletedBufferResponse> {
    if (await this.store.remove(checksum).catch(asApiError)) return { checksum, deleted: true };
    const elsewhere = await this.store.locate(checksum);
    if (elsewhere) {
      throw conflict(
        `Buffer ${checksum} is only in the read-only directory ${elsewhere.directory.path}, which Simvault never modifies.`,
      );
    }
    throw notFound(`No buffer ${checksum} is stored.`);
  }
}

function bufferHeaders(checksum: string, size: number): Record<string, string> {
  return {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(size),
    // Content-addressed: the bytes under a checksum never change.
    ETag: `"${checksum}"`,
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}

/** The store's errors as the API's: bad input is a 4xx with its sentence, anything else propagates. */
function asApiError(error: unknown): never {
  if (error instanceof InvalidInputError) throw badRequest(`${error.message}.`);
  if (error instanceof ChecksumMismatchError) throw badRequest(error.message);
  if (error instanceof ReadOnlyStoreError) throw new ApiError(405, error.message);
  if (error instanceof BufferTooLargeError) throw new ApiError(413, error.message);
  throw error;
}
