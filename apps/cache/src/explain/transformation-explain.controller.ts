import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChecksumPipe } from '@simvault/buffers';
import { Privileges } from '@simvault/core';
import { TransformationExplainQuery, TransformationExplainResponse } from './transformation-explain.dto';
import { TransformationExplainService } from './transformation-explain.service';

@ApiTags('checksums')
@Controller('checksums')
export class TransformationExplainController {
  constructor(private readonly explainer: TransformationExplainService) {}

  // Privilege read, no ownership: checksum records and buffers are the team's, like every
  // other /checksums read.
  @Get('transformations/:checksum/explain')
  @Privileges('read')
  @ApiOkResponse({ type: TransformationExplainResponse })
  @ApiOperation({
    summary:
      "Why a transformation missed: whether it has a result, and (when the buffer store holds its dict) the recorded transformations of the same code nearest to it, with the inputs that changed (pin, old checksum, new checksum), were added or removed, and whether language, output or celltypes differ. Needs read; the records are the team's, not owned.",
  })
  explain(
    @Param('checksum', ChecksumPipe) checksum: string,
    @Query() query: TransformationExplainQuery,
  ): Promise<TransformationExplainResponse> {
    return this.explainer.explain(checksum, query.limit);
  }
}
