import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UseFilters,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { notFound, Privileges } from '@simvault/core';
import { parseChecksum, type Checksum } from '../records/checksum';
import { ChecksumRecordsService } from '../records/checksum-records.service';
import { ChecksumPipe, OptionalChecksumPipe } from './checksum.pipe';
import {
  LookupTransformationsDto,
  LookupTransformationsResponse,
  PutTransformationDto,
  TransformationResponse,
} from './checksums.dto';
import { RecordErrorFilter } from './record-error.filter';
import { jsonText, RawJson } from './json-text';

@ApiTags('checksums')
@Controller('checksums')
@UseFilters(RecordErrorFilter)
export class TransformationsController {
  constructor(private readonly records: ChecksumRecordsService) {}

  @Post('transformations/lookup')
  @HttpCode(200)
  @Privileges('read')
  @ApiOperation({ summary: 'The results of many transformation checksums in one request (null where none).' })
  async lookup(@Body() body: LookupTransformationsDto): Promise<LookupTransformationsResponse> {
    const checksums = body.checksums.map((c) => parseChecksum(c)!);
    const found = await this.records.getTransformations(checksums);
    return { results: Object.fromEntries(checksums.map((c) => [c, found.get(c) ?? null])) };
  }

  @Get('transformations/:checksum')
  @Privileges('read')
  @ApiOperation({ summary: 'The result of a transformation checksum (404 when none is stored).' })
  async get(@Param('checksum', ChecksumPipe) checksum: Checksum): Promise<TransformationResponse> {
    const result = await this.records.getTransformation(checksum);
    if (result === undefined) throw notFound(`No result is stored for transformation ${checksum}.`);
    return { checksum, result };
  }

  @Put('transformations/:checksum')
  @Privileges('write')
  @ApiOperation({ summary: 'Store the result of a transformation checksum (replaces an earlier one).' })
  async put(
    @Param('checksum', ChecksumPipe) checksum: Checksum,
    @Body() body: PutTransformationDto,
  ): Promise<TransformationResponse> {
    const result = parseChecksum(body.result)!;
    await this.records.putTransformation(checksum, result);
    return { checksum, result };
  }

  @Delete('transformations/:checksum')
  @Privileges('cache_invalidate')
  @ApiQuery({
    name: 'result',
    required: false,
    description:
      'The result being withdrawn (404 when the transformation has another). Default: the stored one.',
  })
  @ApiOperation({
    summary:
      'Withdraw the result of a transformation (irreproducible): it is kept in the irreproducible records with its execution record, and no longer served.',
  })
  async withdraw(
    @Param('checksum', ChecksumPipe) checksum: Checksum,
    @Query('result', OptionalChecksumPipe) wanted: Checksum | undefined,
  ) {
    const result = wanted ?? (await this.records.getTransformation(checksum));
    if (result === undefined) throw notFound(`No result is stored for transformation ${checksum}.`);
    await this.records.markIrreproducible(checksum, result);
    return { checksum, result, withdrawn: true };
  }

  @Get('transformations/:checksum/irreproducible')
  @Privileges('read')
  @ApiQuery({ name: 'result', required: false, description: 'Only this withdrawn result.' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary:
      'The results withdrawn from a transformation, oldest first, each with its execution record (or null).',
  })
  async irreproducible(
    @Param('checksum', ChecksumPipe) checksum: Checksum,
    @Query('result', OptionalChecksumPipe) result: Checksum | undefined,
  ): Promise<string> {
    const rows = await this.records.irreproducible(checksum, result);
    return jsonText({
      checksum,
      records: rows.map((r) => ({
        result: r.result,
        record: r.metadata === '""' ? null : new RawJson(r.metadata),
      })),
    });
  }

  @Get('results/:checksum/transformations')
  @Privileges('read')
  @ApiOperation({ summary: 'The transformations that produced a result checksum, oldest first.' })
  async reverse(@Param('checksum', ChecksumPipe) result: Checksum) {
    return { result, transformations: await this.records.reverseTransformations(result) };
  }
}
