import { Body, Controller, Get, Param, Put, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Privileges } from '@simvault/core';
import { parseChecksum, type Checksum } from '../records/checksum';
import { ChecksumRecordsService } from '../records/checksum-records.service';
import { ChecksumPipe } from '@simvault/buffers';
import {
  CelltypeQuery,
  PutSyntacticDto,
  SemanticChecksumsResponse,
  SyntacticChecksumsResponse,
} from './checksums.dto';
import { RecordErrorFilter } from './record-error.filter';

/** Semantic ↔ syntactic checksums of a value, per celltype and subcelltype. */
@ApiTags('checksums')
@Controller('checksums')
@UseFilters(RecordErrorFilter)
export class CelltypeChecksumsController {
  constructor(private readonly records: ChecksumRecordsService) {}

  @Get('semantic/:checksum/syntactic')
  @Privileges('read')
  @ApiOperation({
    summary: 'The syntactic checksums of a semantic checksum for a celltype (empty list when none).',
  })
  @ApiOkResponse({ type: SyntacticChecksumsResponse })
  async syntactic(
    @Param('checksum', ChecksumPipe) semantic: Checksum,
    @Query() query: CelltypeQuery,
  ): Promise<SyntacticChecksumsResponse> {
    const syntactic = await this.records.semanticToSyntactic(semantic, query.celltype, query.subcelltype);
    return { semantic, celltype: query.celltype, subcelltype: query.subcelltype, syntactic };
  }

  @Put('semantic/:checksum/syntactic')
  @Privileges('write')
  @ApiOperation({
    summary: 'Add syntactic checksums of a semantic checksum for a celltype (known pairs ignored).',
  })
  @ApiOkResponse({ type: SyntacticChecksumsResponse })
  async addSyntactic(
    @Param('checksum', ChecksumPipe) semantic: Checksum,
    @Body() body: PutSyntacticDto,
  ): Promise<SyntacticChecksumsResponse> {
    const syntactic = body.syntactic.map((s) => parseChecksum(s)!);
    await this.records.addSemanticToSyntactic(semantic, body.celltype, body.subcelltype, syntactic);
    return this.syntactic(semantic, body);
  }

  @Get('syntactic/:checksum/semantic')
  @Privileges('read')
  @ApiOperation({
    summary: 'The semantic checksums of a syntactic checksum for a celltype (empty list when none).',
  })
  @ApiOkResponse({ type: SemanticChecksumsResponse })
  async semantic(
    @Param('checksum', ChecksumPipe) syntactic: Checksum,
    @Query() query: CelltypeQuery,
  ): Promise<SemanticChecksumsResponse> {
    const semantic = await this.records.syntacticToSemantic(syntactic, query.celltype, query.subcelltype);
    return { syntactic, celltype: query.celltype, subcelltype: query.subcelltype, semantic };
  }
}
