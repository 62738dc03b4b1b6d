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
  Inject,
  Optional,
  Query,
  UseFilters,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiError, badRequest, notFound, Privileges } from '@simvault/core';
import { parseChecksum, type Checksum } from '../records/checksum';
import {
  ChecksumRecordsService,
  LISTABLE_RECORDS,
  type ListableRecord,
} from '../records/checksum-records.service';
import { ChecksumPipe, OptionalChecksumPipe } from '@simvault/buffers';
import {
  IrreproducibleResponse,
  ListRecordsQuery,
  ListTransformationsQuery,
  LookupTransformationsDto,
  LookupTransformationsResponse,
  PutTransformationDto,
  RecordsPage,
  ReverseTransformationsResponse,
  TransformationResponse,
  TransformationsPage,
  ValidateQuery,
  WithdrawnTransformationResponse,
} from './checksums.dto';
import { RecordErrorFilter } from './record-error.filter';
import { jsonText, RawJson } from './json-text';

/** Answers, for each checksum, whether its buffer is stored (the app's buffer store). */
export type BufferPresence = (checksums: readonly string[]) => Promise<boolean[]>;
export const BUFFER_PRESENCE = Symbol('BUFFER_PRESENCE');

@ApiTags('checksums')
@Controller('checksums')
@UseFilters(RecordErrorFilter)
export class TransformationsController {
  constructor(
    private readonly records: ChecksumRecordsService,
    @Optional() @Inject(BUFFER_PRESENCE) private readonly presence?: BufferPresence,
  ) {}

  /** A recorded result is only useful if its bytes are still there: which results are not. */
  private async missingBuffers(results: readonly Checksum[]): Promise<Set<Checksum>> {
    if (!this.presence)
      throw badRequest('This server has no buffer store, so it cannot validate hits; ask without validate.');
    const present = await this.presence(results);
    return new Set(results.filter((_, i) => !present[i]));
  }

  @Post('transformations/lookup')
  @HttpCode(200)
  @Privileges('read')
  @ApiOperation({ summary: 'The results of many transformation checksums in one request (null where none).' })
  @ApiOkResponse({ type: LookupTransformationsResponse })
  async lookup(@Body() body: LookupTransformationsDto): Promise<LookupTransformationsResponse> {
    const checksums = body.checksums.map((c) => parseChecksum(c)!);
    const found = await this.records.getTransformations(checksums);
    if (!body.validate)
      return { results: Object.fromEntries(checksums.map((c) => [c, found.get(c) ?? null])) };
    const missing = await this.missingBuffers([...new Set(found.values())]);
    const results: Record<string, string | null> = {};
    const missingBuffers: Record<string, string> = {};
    for (const c of checksums) {
      const result = found.get(c);
      results[c] = result && !missing.has(result) ? result : null;
      if (result && missing.has(result)) missingBuffers[c] = result;
    }
    return { results, missing_buffers: missingBuffers };
  }

  @Get('transformations')
  @Privileges('read')
  @ApiOkResponse({ type: TransformationsPage })
  @ApiOperation({
    summary:
      'The recorded transformations in checksum order, a page at a time (after=, limit= ≤ 1000): how `simvault sync` copies them.',
  })
  async list(@Query() query: ListTransformationsQuery): Promise<TransformationsPage> {
    const limit = query.limit ?? 500;
    const page = await this.records.listTransformations(
      query.after === undefined ? undefined : parseChecksum(query.after),
      limit,
    );
    return { transformations: page, next: page.length === limit ? page[page.length - 1].checksum : null };
  }

  @Get('records/:kind')
  @Privileges('read')
  @ApiOkResponse({ type: RecordsPage })
  @ApiOperation({
    summary: `The records of one kind (${Object.keys(LISTABLE_RECORDS).join(', ')}) in their key's order, a page at a time (after=, limit= ≤ 1000): how \`simvault sync\` copies them. Needs read; the records are the team's, not owned.`,
  })
  async listRecords(@Param('kind') kind: string, @Query() query: ListRecordsQuery): Promise<RecordsPage> {
    if (!Object.hasOwn(LISTABLE_RECORDS, kind)) {
      throw badRequest(
        `There are no records of kind "${kind}"; the kinds are ${Object.keys(LISTABLE_RECORDS).join(', ')}.`,
      );
    }
    const listable = kind as ListableRecord;
    const limit = query.limit ?? 500;
    const after =
      query.after === undefined
        ? undefined
        : decodeCursor(query.after, LISTABLE_RECORDS[listable].key.length);
    const records = await this.records.listRecords(listable, after, limit);
    const last = records[records.length - 1];
    const next =
      records.length === limit
        ? encodeCursor(LISTABLE_RECORDS[listable].key.map((k) => last[k] as string | number))
        : null;
    return { kind, records, next };
  }

  @Get('transformations/:checksum')
  @Privileges('read')
  @ApiOperation({
    summary:
      'The result of a transformation checksum (404 when none is stored; with validate=true, also 404 when its buffer is gone).',
  })
  @ApiOkResponse({ type: TransformationResponse })
  async get(
    @Param('checksum', ChecksumPipe) checksum: Checksum,
    @Query() query: ValidateQuery,
  ): Promise<TransformationResponse> {
    const result = await this.records.getTransformation(checksum);
    if (result === undefined) throw notFound(`No result is stored for transformation ${checksum}.`);
    if (query.validate && (await this.missingBuffers([result])).size > 0) {
      throw new ApiError(
        404,
        `Transformation ${checksum} has a recorded result, but its buffer ${result} is not in the buffer store.`,
        {
          reason: 'buffer_missing',
          result,
        },
      );
    }
    return { checksum, result };
  }

  @Put('transformations/:checksum')
  @Privileges('write')
  @ApiOperation({ summary: 'Store the result of a transformation checksum (replaces an earlier one).' })
  @ApiOkResponse({ type: TransformationResponse })
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
  @ApiOkResponse({ type: WithdrawnTransformationResponse })
  async withdraw(
    @Param('checksum', ChecksumPipe) checksum: Checksum,
    @Query('result', OptionalChecksumPipe) wanted: Checksum | undefined,
  ): Promise<WithdrawnTransformationResponse> {
    const result = wanted ?? (await this.records.getTransformation(checksum));
    if (result === undefined) throw notFound(`No result is stored for transformation ${checksum}.`);
    await this.records.markIrreproducible(checksum, result);
    return { checksum, result, withdrawn: true as const };
  }

  @Get('transformations/:checksum/irreproducible')
  @Privileges('read')
  @ApiQuery({ name: 'result', required: false, description: 'Only this withdrawn result.' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary:
      'The results withdrawn from a transformation, oldest first, each with its execution record (or null).',
  })
  @ApiOkResponse({
    type: IrreproducibleResponse,
    description: 'Sent as JSON text, the records exactly as stored.',
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
  @ApiOkResponse({ type: ReverseTransformationsResponse })
  async reverse(@Param('checksum', ChecksumPipe) result: Checksum): Promise<ReverseTransformationsResponse> {
    return { result, transformations: await this.records.reverseTransformations(result) };
  }
}

/** A page's cursor: its last key, opaque to the caller (base64url of the key's values as JSON). */
function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== length ||
    !key.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v)))
  ) {
    throw badRequest(
      'after is not a cursor this listing gave: pass the `next` of the previous page as it came.',
    );
  }
  return key as (string | number)[];
}
