import { Body, Controller, Get, Header, Param, Put, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound, Privileges } from '@simvault/core';
import { fromJs } from '../py-json';
import { parseChecksum, type Checksum } from '../records/checksum';
import { ChecksumRecordsService } from '../records/checksum-records.service';
import { readExecutionRecord } from '../records/validation';
import { ChecksumPipe } from '@simvault/buffers';
import {
  ExecutionRecordResponse,
  PutExecutionRecordDto,
  StoredExecutionRecordResponse,
} from './checksums.dto';
import { jsonText, RawJson } from './json-text';
import { RecordErrorFilter } from './record-error.filter';

@ApiTags('checksums')
@Controller('checksums')
@UseFilters(RecordErrorFilter)
export class ExecutionRecordsController {
  constructor(private readonly records: ChecksumRecordsService) {}

  @Get('execution-records/:checksum')
  @Privileges('read')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary: "A transformation's execution record, exactly as it was stored (404 when none).",
  })
  @ApiOkResponse({
    type: ExecutionRecordResponse,
    description: 'Sent as JSON text, the record exactly as stored.',
  })
  async get(@Param('checksum', ChecksumPipe) checksum: Checksum): Promise<string> {
    const record = await this.records.getExecutionRecord(checksum);
    if (record === undefined) throw notFound(`No execution record is stored for transformation ${checksum}.`);
    return jsonText({ checksum, result: record.result, record: new RawJson(record.text) });
  }

  @Put('execution-records/:checksum')
  @Privileges('write')
  @ApiOperation({
    summary:
      'Store the execution record of a transformation and its result (write-once: an identical repeat is accepted, anything else is 409).',
  })
  @ApiOkResponse({ type: StoredExecutionRecordResponse })
  async put(
    @Param('checksum', ChecksumPipe) checksum: Checksum,
    @Body() body: PutExecutionRecordDto,
  ): Promise<StoredExecutionRecordResponse> {
    const result = parseChecksum(body.result)!;
    const record = readExecutionRecord(fromJs(body.record), undefined, checksum, result);
    await this.records.putExecutionRecord(checksum, result, record);
    return { checksum, result, stored: true as const };
  }
}
