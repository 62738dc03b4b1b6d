import { Body, Controller, Get, Param, Put, UseFilters } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound, Privileges } from '@simvault/core';
import { fromJs, toJs } from '../py-json';
import type { Checksum } from '../records/checksum';
import { ChecksumRecordsService } from '../records/checksum-records.service';
import { BUFFER_INFO_FIELDS, validateBufferInfo } from '../records/validation';
import { ChecksumPipe } from '@simvault/buffers';
import { BufferInfoResponse } from './checksums.dto';
import { RecordErrorFilter } from './record-error.filter';

@ApiTags('checksums')
@Controller('checksums')
@UseFilters(RecordErrorFilter)
export class BufferInfoController {
  constructor(private readonly records: ChecksumRecordsService) {}

  @Get('buffer-info/:checksum')
  @Privileges('read')
  @ApiOperation({
    summary: 'What is known about a buffer: length, encodings, conversions (404 when nothing).',
  })
  @ApiOkResponse({ type: BufferInfoResponse })
  async get(@Param('checksum', ChecksumPipe) checksum: Checksum): Promise<BufferInfoResponse> {
    const info = await this.records.getBufferInfo(checksum);
    if (info === undefined) throw notFound(`No buffer info is stored for ${checksum}.`);
    return { checksum, info: toJs(info) as Record<string, unknown> };
  }

  @Put('buffer-info/:checksum')
  @Privileges('write')
  @ApiOperation({ summary: 'Report buffer info; it is merged into what is known. Answers the merged info.' })
  @ApiBody({
    description: `Any of: ${BUFFER_INFO_FIELDS.join(', ')}. length is a whole number from 0 to 2^53 − 1 and is_* are booleans; other fields (a newer Seamless's) and the a2b conversions are kept as sent.`,
    schema: {
      type: 'object',
      additionalProperties: true,
      example: { length: 1024, is_utf8: true, is_json: false },
    },
  })
  @ApiOkResponse({ type: BufferInfoResponse })
  async put(
    @Param('checksum', ChecksumPipe) checksum: Checksum,
    @Body() body: unknown,
  ): Promise<BufferInfoResponse> {
    const merged = await this.records.mergeBufferInfo(checksum, validateBufferInfo(fromJs(body ?? null)));
    return { checksum, info: toJs(merged) as Record<string, unknown> };
  }
}
