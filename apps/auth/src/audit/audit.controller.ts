import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEntryResponse, AuditLog } from '@simvault/auth';
import { PageOf, PageQueryDto, Privileges, type Page } from '@simvault/core';

@ApiTags('audit')
@Controller('audit')
@Privileges('admin')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({
    summary:
      "The platform's audit log (admin), newest first: every act on someone else's work in any app — who, what, when, why, to what.",
  })
  @ApiOkResponse({ type: PageOf(AuditEntryResponse) })
  list(@Query() query: PageQueryDto): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(query);
  }
}
